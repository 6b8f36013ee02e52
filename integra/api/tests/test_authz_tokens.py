"""The authorisation matrix walked with a token of each role (JSON bodies), centre A's token against both
centres' rows: allowed → the operation's status, forbidden → 403, another centre's row → 404, and no
response — list, error or refusal — holds anything of centre B."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from integra.api.tests import authz
from integra.api.tests.helpers import TokenClient, token_for
from integra.core.testing.authz import MATRIX_ROLES
from integra.core.testing.factories import make_pesel
from integra.institutions.tests.factories import InstitutionFactory, MembershipFactory
from integra.jobs.services import start_job
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db


def _bodies(a: dict[str, Any]) -> dict[str, Any]:
    newcomer = ParticipationFactory(project=a["project"]).participant
    return {
        "participant": {"first_name": "Ewa", "last_name": "Nowa", "pesel": make_pesel(dt.date(1991, 2, 3), "F")},
        "participation": {
            "project": a["project"].pk,
            "participant": ParticipantFactory(institution=a["project"].institution).pk,
            "start_on": "2011-03-01",
        },
        "enrolment": {"activity": a["activity"].pk, "participant": newcomer.pk, "enrolled_on": "2011-03-01"},
        "exit": {"participation": a["participation"].pk, "exit_on": "2011-10-31", "reason": "completed"},
        "result": {"participation": a["participation"].pk, "kind": "social_progress", "achieved_on": "2011-09-01"},
        "consent": {
            "participant": a["participant"].pk,
            "purpose": "email",
            "given_on": "2024-02-01",
            "given_via": "deklaracja",
        },
        "household": {"name": "Nowi", "members": [{"relation": "head", "participant": newcomer.pk}]},
        "application": {"call": a["application"].call_id, "participant": newcomer.pk, "applied_on": "2011-02-01"},
        "decision": {"call": a["application"].call_id, "decided_on": "2011-05-02", "close_call": True},
        "project": {"code": "NOWY-1", "title": "Nowy projekt", "start_on": "2012-01-01", "end_on": "2013-12-31"},
        "activity": {
            "project": a["project"].pk,
            "instrument": a["activity"].instrument_id,
            "title": "Kurs",
            "kind": "vocational_course",
            "provider_name": "Firma",
            "start_on": "2011-03-01",
            "end_on": "2011-06-30",
        },
        "session": {"activity": a["activity"].pk, "date": "2011-03-08", "start_time": "10:00", "duration_minutes": 60},
        "contract": {
            "number": "KS/API/1",
            "participant": newcomer.pk,
            "social_worker": a["contract"].social_worker_id,
            "start_on": "2011-05-01",
            "end_on": "2011-10-31",
        },
    }


def _call(client: TokenClient, method: str, url: str, body: Any = None) -> Any:
    with transaction.atomic():  # every call is undone: each role meets the same rows
        response = client.json(method, url, body) if method != "get" else client.get(url)
        transaction.set_rollback(True)
    return response


def test_every_api_route_with_a_token_of_each_role(job_files):
    world_a, world_b = InstitutionFactory(slug="tok-a"), InstitutionFactory(slug="tok-b")
    a, b = authz.centre_objects(world_a), authz.centre_objects(world_b)
    b["participant"].last_name = "Obcowska-Zewnętrzna"
    b["participant"].save(update_fields=["last_name"])
    secrets_of_b = {b["participant"].last_name, b["participant"].pesel}
    bodies = _bodies(a)
    staff_job_a, staff_job_b = (
        start_job(
            actor=MembershipFactory(institution=centre, role="coordinator"),
            kind="outcomes.sheet_export",
            params={"project": 1},
        )
        for centre in (world_a, world_b)
    )
    failures: list[str] = []

    def check(role: str, label: str, response: Any, expected: int) -> None:
        if response.status_code != expected:
            failures.append(f"{label} {role}: {response.status_code}, expected {expected}: {response.content[:200]!r}")
        text = response.content.decode()
        leaked = [s for s in secrets_of_b if s in text]
        if leaked:
            failures.append(f"{label} {role}: centre B's data in the response: {leaked}")

    for role in MATRIX_ROLES:
        client = TokenClient(token_for(world_a, role))
        for name, (key, allowed) in authz.READS.items():
            ok = role in allowed
            response = _call(client, "get", reverse(f"api:{name}-list"))
            check(role, f"{name}-list", response, 200 if ok else 403)
            if ok:
                ids = {row["id"] for row in response.json()["results"]}
                if b[key].pk in ids and b[key].pk != a[key].pk:
                    failures.append(f"{name}-list {role}: lists centre B's row")
            check(
                role,
                f"{name}-detail own",
                _call(client, "get", reverse(f"api:{name}-detail", args=[a[key].pk])),
                200 if ok else 403,
            )
            check(
                role,
                f"{name}-detail other",
                _call(client, "get", reverse(f"api:{name}-detail", args=[b[key].pk])),
                404 if ok else 403,
            )
        for name, allowed in authz.WRITES.items():
            if name == "sheet-import":
                upload = {
                    "project": a["project"].pk,
                    "dry_run": "true",
                    "file": SimpleUploadedFile("arkusz.csv", b"Lp.;Imie\n", content_type="text/csv"),
                }
                with transaction.atomic():
                    response = client.post(reverse("api:sheet-import-list"), upload)
                    transaction.set_rollback(True)
            else:
                response = _call(client, "post", reverse(f"api:{name}-list"), bodies[name])
            accepted = 202 if name == "sheet-import" else 201  # the import is queued as a job
            check(role, f"{name}-create", response, accepted if role in allowed else 403)
        check(role, "job-list", _call(client, "get", reverse("api:job-list")), 200)
        for label, job in (("own centre", staff_job_a), ("other centre", staff_job_b)):
            check(role, f"job-detail {label}", _call(client, "get", reverse("api:job-detail", args=[job.pk])), 404)
        search = {"surname": b["participant"].last_name}
        response = _call(client, "post", reverse("api:participant-search"), search)
        check(role, "participant-search", response, 200 if role in authz.PARTICIPANT_READERS else 403)
        if response.status_code == 200 and response.json():
            failures.append(f"participant-search {role}: found centre B's person")
        patch = {"version": a["participant"].version, "phone": "600 000 000"}
        check(
            role,
            "participant-patch own",
            _call(client, "patch", reverse("api:participant-detail", args=[a["participant"].pk]), patch),
            200 if role in authz.EDITORS else 403,
        )
        check(
            role,
            "participant-patch other",
            _call(client, "patch", reverse("api:participant-detail", args=[b["participant"].pk]), patch),
            404 if role in authz.EDITORS else 403,
        )
        editor, manager = role in authz.EDITORS, role in authz.MANAGERS
        for key, url_name, body in (
            ("household", "api:household-detail", {"version": a["household"].version, "in_social_work": True}),
            (
                "application",
                "api:application-score",
                {"criterion": a["criterion"].pk, "points": 2, "justification": "Motywacja", "awarded_on": "2011-02-10"},
            ),
        ):
            method = "patch" if url_name.endswith("detail") else "post"
            check(
                role,
                f"{url_name} own",
                _call(client, method, reverse(url_name, args=[a[key].pk]), body),
                200 if editor else 403,
            )
            check(
                role,
                f"{url_name} other",
                _call(client, method, reverse(url_name, args=[b[key].pk]), body),
                404 if editor else 403,
            )
        for key, body in (
            ("project", {"target_jobs": 5}),
            ("activity", {"capacity": 40}),
            ("session", {"version": a["session"].version, "start_time": "12:00"}),
        ):
            url_name = f"api:{key}-detail"
            check(
                role,
                f"{url_name} patch own",
                _call(client, "patch", reverse(url_name, args=[a[key].pk]), body),
                200 if manager else 403,
            )
            check(
                role,
                f"{url_name} patch other",
                _call(client, "patch", reverse(url_name, args=[b[key].pk]), body),
                404 if manager else 403,
            )
        contract_writes = (
            (
                "patch",
                "api:contract-detail",
                {
                    "version": a["contract"].version,
                    "end_on": "2011-11-30",
                    "modified_on": "2011-06-01",
                    "reason": "Przedłużenie",
                },
            ),
            ("post", "api:contract-sign", {"signed_on": "2011-04-28"}),
            (
                "post",
                "api:contract-status",
                {"to_status": "terminated", "changed_on": "2011-06-01", "reason": "Rezygnacja"},
            ),
        )
        for method, url_name, body in contract_writes:
            check(
                role,
                f"{url_name} own",
                _call(client, method, reverse(url_name, args=[a["contract"].pk]), body),
                200 if editor else 403,
            )
            check(
                role,
                f"{url_name} other",
                _call(client, method, reverse(url_name, args=[b["contract"].pk]), body),
                404 if editor else 403,
            )
        check(
            role,
            "session delete own",
            _call(client, "delete", reverse("api:session-detail", args=[a["session"].pk])),
            204 if manager else 403,
        )
        check(
            role,
            "session delete other",
            _call(client, "delete", reverse("api:session-detail", args=[b["session"].pk])),
            404 if manager else 403,
        )
        for url_name, body in (
            ("api:application-tie-break", {"tie_break": 1}),
            ("api:application-withdraw", {"reason": "Rezygnacja", "decided_on": "2011-05-20"}),
        ):
            check(
                role,
                f"{url_name} own",
                _call(client, "post", reverse(url_name, args=[a["application"].pk]), body),
                200 if manager else 403,
            )
            check(
                role,
                f"{url_name} other",
                _call(client, "post", reverse(url_name, args=[b["application"].pk]), body),
                404 if manager else 403,
            )
        their_refs = {
            "household": {"name": "X", "members": [{"relation": "head", "participant": b["participant"].pk}]},
            "application": {
                "call": b["application"].call_id,
                "participant": a["participant"].pk,
                "applied_on": "2011-02-01",
            },
            "decision": {"call": b["application"].call_id, "decided_on": "2011-05-02", "close_call": True},
            "activity": {**bodies["activity"], "project": b["project"].pk},
            "session": {**bodies["session"], "activity": b["activity"].pk},
        }
        for name, body in their_refs.items():  # another centre's row named in the body: unknown, not forbidden
            allowed = role in authz.WRITES[name]
            check(
                role,
                f"{name}-create other centre's reference",
                _call(client, "post", reverse(f"api:{name}-list"), body),
                400 if allowed else 403,
            )
        for field, theirs in (
            ("participant", b["participant"].pk),
            ("social_worker", b["contract"].social_worker_id),
            ("project", b["project"].pk),
        ):
            check(
                role,
                f"contract-create other centre's {field}",
                _call(client, "post", reverse("api:contract-list"), {**bodies["contract"], field: theirs}),
                400 if editor else 403,
            )
        marks = {
            "version": a["session"].version,
            "marks": [{"participant": a["enrolment"].participant_id, "status": "present"}],
        }
        marker = role in {"administrator", "coordinator"}  # a token never "runs" a session itself
        check(
            role,
            "attendance own",
            _call(client, "put", reverse("api:session-attendance", args=[a["session"].pk]), marks),
            200 if marker else 403,
        )
        check(
            role,
            "attendance other",
            _call(client, "put", reverse("api:session-attendance", args=[b["session"].pk]), marks),
            404 if role in authz.SUPPORT_RECORDERS else 403,
        )
        done = {"done_on": "2012-02-01", "employed": True, "improved_situation": True}
        check(
            role,
            "follow-up own",
            _call(client, "post", reverse("api:follow-up-record", args=[a["follow_up"].pk]), done),
            200 if role in authz.RECORDERS else 403,
        )
        check(
            role,
            "follow-up other",
            _call(client, "post", reverse("api:follow-up-record", args=[b["follow_up"].pk]), done),
            404 if role in authz.RECORDERS else 403,
        )
        readers = role in authz.REPORT_READERS
        for report in ("project-summary", "effectiveness", "budget"):
            url = reverse(f"api:report-{report}")
            check(
                role,
                f"report {report} own",
                _call(client, "get", f"{url}?project={a['project'].code}"),
                200 if readers else 403,
            )
            check(
                role,
                f"report {report} other",
                _call(client, "get", f"{url}?project={b['project'].code}"),
                404 if readers else 403,
            )
    assert failures == [], "\n".join(failures)
