"""CompiledQuery: the same objects as the queryset it stands for, its SQL built once per connection."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.core.compiled import CompiledQuery
from integra.core.history import entries_of, for_object
from integra.core.models import HistoryEntry
from integra.core.testing.factories import UserFactory
from integra.institutions.models import Membership
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def memberships(user):
    return (
        Membership.objects.filter(user_id=user, is_active=True)
        .select_related("institution")
        .annotate(user_has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True)))
        .order_by("id")
    )


compiled_memberships = CompiledQuery(memberships)


def state(obj):
    """Every loaded value of a model instance and of the related objects it carries, without Django's _state."""
    values = {key: value for key, value in vars(obj).items() if key != "_state"}
    values["related"] = {name: state(related) for name, related in obj._state.fields_cache.items()}
    values["adding"], values["db"] = obj._state.adding, obj._state.db
    return values


def test_the_same_objects_as_the_queryset_with_related_rows_annotations_and_converted_values():
    user = UserFactory()
    first = MembershipFactory(
        user=user, role="coordinator", fte=Decimal("0.75"), start_on=dt.date(2026, 1, 5), end_on=dt.date(2026, 12, 31)
    )
    second = MembershipFactory(user=user, role="social_worker", institution=InstitutionFactory())
    MembershipFactory(user=user, is_active=False)
    MembershipFactory()  # another user's
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)

    read = compiled_memberships(user=user.pk)

    assert [m.pk for m in read] == [first.pk, second.pk]
    assert [state(m) for m in read] == [state(m) for m in memberships(user.pk)]
    assert read[0].start_on == dt.date(2026, 1, 5) and read[0].fte == Decimal("0.75")  # converted, not text
    assert read[0].user_has_totp is True
    assert read[1].institution.pk == second.institution_id  # loaded: no query when read
    assert not read[0]._state.adding and read[0]._state.db == "default"


def test_each_call_runs_its_own_ids_and_builds_the_sql_once():
    one, other = MembershipFactory(), MembershipFactory()
    compiled = CompiledQuery(memberships)
    compiled(user=one.user_id)
    with (
        mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as as_sql,
        CaptureQueriesContext(connection) as queries,
    ):
        read = compiled(user=other.user_id)
    assert [m.pk for m in read] == [other.pk]
    assert read[0].user_has_totp is False
    assert len(queries) == 1
    assert as_sql.call_count == 0  # the SQL of the first call, run with the new id
    assert compiled(user=-1) == []


def test_refuses_what_it_cannot_stand_for():
    with pytest.raises(TypeError):
        compiled_memberships(user="1")  # only whole ids
    with pytest.raises(TypeError):
        compiled_memberships(person=1)
    unused = CompiledQuery(lambda user: Membership.objects.filter(is_active=True))
    with pytest.raises(ImproperlyConfigured):
        unused(user=1)  # an argument that does not reach the SQL would be silently ignored
    grouped = CompiledQuery(lambda user: Membership.objects.filter(user_id=user).values("role").annotate(n=Count("id")))
    with pytest.raises(ImproperlyConfigured):
        grouped(user=1)  # rows of values, not model instances


def test_a_big_integer_column_and_several_ids_history_of_a_row_as_for_object_reads_it():
    """object_id is a BigIntegerField (psycopg wraps its parameter): the compiled read keeps that wrapping."""
    membership, other = MembershipFactory(), MembershipFactory()
    content_type = ContentType.objects.get_for_model(Membership)
    for obj, action in [(membership, "create"), (membership, "update"), (other, "update")]:
        HistoryEntry.objects.create(
            institution_id=obj.institution_id,
            content_type=content_type,
            object_id=obj.pk,
            actor=membership.user,
            action=action,
            changes={"role": ["a", "b"]},
        )
    HistoryEntry.objects.create(  # the same id in another centre: not this row's history
        institution_id=other.institution_id, content_type=content_type, object_id=membership.pk, action="update"
    )
    read = entries_of(membership)
    assert [state(e) for e in read] == [state(e) for e in for_object(membership)]
    assert len(read) == 2 and read[0].changes == {"role": ["a", "b"]} and read[0].actor == membership.user
