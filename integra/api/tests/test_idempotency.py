"""`Idempotency-Key` names one request, not just one key (issue 24, point 6): a dry run's key reused for the
real import returned the dry run's job with 202 and silently never ran the import. The key is bound to a
hash of what it was sent with — the file's bytes and the fields — a different body is `422`, and a key
answers its first job for 24 hours only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from integra.api.tests.helpers import TokenClient, token_for
from integra.api.tests.test_import import _project, _upload
from integra.api.tests.test_tokens_and_errors import assert_error
from integra.jobs.models import Job
from integra.outcomes.tests.sheetdata import csv_file, row

pytestmark = pytest.mark.django_db
KEY = {"HTTP_IDEMPOTENCY_KEY": "pup-2011-03-01"}


@pytest.fixture
def sent(centre_a):
    """A dry run sent with the key; the client, the project and its job."""
    project = _project(centre_a)
    client = TokenClient(token_for(centre_a, "coordinator"))
    first = _upload(client, project, csv_file([row(c4="Kowalczyk")]), dry_run=True, **KEY)
    assert first.status_code == 202, first.content
    return client, project, Job.objects.get(pk=first.json()["id"])


def test_the_same_key_and_body_answer_the_first_job(sent):
    client, project, job = sent
    again = _upload(client, project, csv_file([row(c4="Kowalczyk")]), dry_run=True, **KEY)
    assert again.status_code == 202 and again.json()["id"] == job.pk
    assert Job.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"dry_run": False},  # the case: the real import under the dry run's key
        {"content": csv_file([row(c4="Nowakowska")])},  # other bytes
        {"name": "inny.csv"},  # another field of the upload
    ],
)
def test_the_same_key_with_another_body_is_refused_with_422(sent, change):
    client, project, job = sent
    answer = _upload(
        client,
        project,
        change.get("content", csv_file([row(c4="Kowalczyk")])),
        dry_run=change.get("dry_run", True),
        name=change.get("name", "arkusz.csv"),
        **KEY,
    )
    body = assert_error(answer, 422, "idempotency_key_reused", "Idempotency-Key")
    assert "new key" in body["message"]["en"]
    assert list(Job.objects.values_list("pk", "params__dry_run")) == [(job.pk, True)]  # nothing queued


def test_a_key_expires_after_24_hours(sent):
    client, project, job = sent
    with time_machine.travel(job.created_at + dt.timedelta(hours=24, minutes=1)):
        later = _upload(client, project, csv_file([row(c4="Kowalczyk")]), dry_run=False, **KEY)
    assert later.status_code == 202 and later.json()["id"] != job.pk
    assert Job.objects.get(pk=later.json()["id"]).params["dry_run"] is False
    assert Job.objects.count() == 2
