"""factory_boy factories of what core knows: users and PESEL numbers. Each app's models have their factories in
`integra/<app>/tests/factories.py` (centres and staff in institutions', people in people's, projects in projects')."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model

from integra.core import pesel as pesel_mod

TEST_PASSWORD = "integra-test-password-2026"
_serial = itertools.count(1)


def make_pesel(birth_date: dt.date = dt.date(1985, 3, 14), sex: str = "F") -> str:
    return pesel_mod.generate(birth_date, sex, next(_serial))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Anna"
    last_name = "Kowalska"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()
