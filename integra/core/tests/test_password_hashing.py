"""The suite hashes passwords cheaply (conftest.py); production must keep Django's strong PBKDF2."""

from __future__ import annotations

import importlib
import os

from django.conf import global_settings, settings
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.utils.module_loading import import_string


def _production_hasher():
    production = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    hashers = getattr(production, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    return import_string(hashers[0])()


def test_production_settings_hash_with_pbkdf2_and_a_million_iterations():
    hasher = _production_hasher()
    assert hasher.algorithm == "pbkdf2_sha256"
    assert hasher.iterations >= 1_000_000
    encoded = hasher.encode("dobre-haslo-2026!", hasher.salt())
    assert encoded.startswith(f"pbkdf2_sha256${hasher.iterations}$")
    assert hasher.verify("dobre-haslo-2026!", encoded)
    assert not hasher.verify("zle-haslo", encoded)


def test_the_suites_hashes_verify_under_the_production_hasher():
    # Test users signed in by app servers started in a subprocess (production settings) must still work.
    assert settings.PASSWORD_HASHERS == ["integra.core.testing.hashers.FastPBKDF2PasswordHasher"]
    encoded = make_password("dobre-haslo-2026!")
    assert identify_hasher(encoded).algorithm == _production_hasher().algorithm
    assert _production_hasher().verify("dobre-haslo-2026!", encoded)
    assert check_password("dobre-haslo-2026!", encoded)
    assert not check_password("zle-haslo", encoded)
