"""Models that moved between apps keep their rows: a database of the old shape, with data, migrates to the new one.

Each move (state only; the table keeps its name) is checked by building the database as it was before the move
(`MigrationExecutor` back to the old leaf migrations), writing rows through the old models (`apps.get_model`),
migrating to the latest migrations and reading the rows through today's models and services.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from integra.core.history import for_object
from integra.institutions.models import ServiceAccount
from integra.institutions.services import actor_for, hash_token
from integra.jobs.models import Job

# The leaf migrations of the moved models' apps before ServiceAccount left the API app.
BEFORE_SERVICE_ACCOUNT_MOVE = [
    ("api", "0001_service_accounts"),
    ("core", "0004_cache_table"),
    ("institutions", "0001_initial"),
    ("jobs", "0004_job_request_hash"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_service_accounts_their_jobs_and_history_survive_the_move_to_institutions():
    old = _migrate(BEFORE_SERVICE_ACCOUNT_MOVE)
    User = old.get_model("auth", "User")
    Institution = old.get_model("institutions", "Institution")
    Membership = old.get_model("institutions", "Membership")
    OldServiceAccount = old.get_model("api", "ServiceAccount")
    OldJob = old.get_model("jobs", "Job")
    OldHistoryEntry = old.get_model("core", "HistoryEntry")
    OldContentType = old.get_model("contenttypes", "ContentType")
    assert not OldContentType.objects.filter(app_label="institutions", model="serviceaccount").exists()

    centre = Institution.objects.create(slug="stary-ksztalt", name="MOPS Stary Kształt", kind="MOPS")
    admin = User.objects.create(username="admin-stary")
    Membership.objects.create(user=admin, institution=centre, role="administrator")
    token_user = User.objects.create(username="api-stary", is_active=False)
    account = OldServiceAccount.objects.create(
        institution=centre,
        name="System kadrowy",
        role="coordinator",
        user=token_user,
        token_hash=hash_token("itg_stary-token"),
        token_prefix="itg_stary-",
        created_by=admin,
    )
    job = OldJob.objects.create(
        institution=centre, owner=token_user, service_account=account, kind="outcomes.sheet_import"
    )
    account_type, _ = OldContentType.objects.get_or_create(app_label="api", model="serviceaccount")
    entry = OldHistoryEntry.objects.create(
        institution=centre,
        content_type=account_type,
        object_id=account.pk,
        actor=admin,
        action="create",
        changes={"name": [None, "System kadrowy"]},
    )

    _migrate(_latest())

    moved = ServiceAccount.objects.get(token_hash=hash_token("itg_stary-token"))
    assert (moved.pk, moved.name, moved.role, moved.institution_id) == (
        account.pk,
        "System kadrowy",
        "coordinator",
        centre.pk,
    )
    assert moved.user.username == "api-stary" and moved.created_by.username == "admin-stary"
    assert Job.objects.get(pk=job.pk).service_account == moved
    assert [e.pk for e in for_object(moved)] == [entry.pk]
    assert ContentType.objects.get_for_model(ServiceAccount).pk == account_type.pk
    assert not ContentType.objects.filter(app_label="api").exists()
    acting = actor_for(moved)
    assert (acting.institution_id, acting.role) == (centre.pk, "coordinator")
