"""The password hasher of the test suite (conftest.py installs it; production keeps Django's default).

Django's PBKDF2 takes a million iterations: about half a second of CPU for every user a test creates with a
password and every password sign-in, which dominated fixtures such as the role personas. This hasher is the same
algorithm under the same name with few iterations, so its hashes still verify under the production hasher (the
iteration count is part of each hash) — app servers a test starts in a subprocess sign those users in too.
integra/core/tests/test_password_hashing.py proves the production settings still choose the strong hasher.
"""

from __future__ import annotations

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class FastPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    iterations = 1_000
