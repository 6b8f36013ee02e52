"""Attendance save of a group session: queries and time, for 25 people and for 100.

Measures `integra.support.services.record_attendance` (first marking of an empty list, then
changing every mark) and the whole attendance screen's POST (form, service, redirect) through
the test client as bench.koordynator. The dataset's groups hold up to 20 people, so each activity
is topped up with more people of the centre to the measured size. Each save runs in a transaction that is rolled back, so
the command can be repeated. The query count must not grow with the group.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/attendance.py
"""

from __future__ import annotations

import argparse
import sys
import time

from common import bench_membership, median, record, setup_django


class _Rollback(Exception):
    pass


def group_sessions(institution_id: int, count: int) -> list:
    """The first session of each of `count` group activities of the centre (the largest groups first)."""
    from django.db.models import Count

    from integra.support.models import Activity, Session

    activities = (
        Activity.objects.filter(institution_id=institution_id)
        .annotate(n=Count("enrolments"))
        .order_by("-n", "id")
        .values_list("pk", flat=True)[:count]
    )
    return [Session.objects.filter(activity_id=a).order_by("id").first() for a in activities]


def grow_group(session, size: int) -> list[int]:
    """Enrol more people of the centre until the activity has `size` (inside the caller's transaction)."""
    from integra.people.models import Participant
    from integra.support.models import Enrolment

    enrolled = list(
        Enrolment.objects.filter(activity_id=session.activity_id)
        .order_by("participant_id")
        .values_list("participant_id", flat=True)
    )
    if len(enrolled) < size:
        extra = list(
            Participant.objects.filter(institution_id=session.institution_id)
            .exclude(pk__in=enrolled)
            .order_by("id")
            .values_list("pk", flat=True)[: size - len(enrolled)]
        )
        Enrolment.objects.bulk_create(
            [
                Enrolment(
                    institution_id=session.institution_id,
                    activity_id=session.activity_id,
                    participant_id=pid,
                    enrolled_on=session.date,
                )
                for pid in extra
            ]
        )
        enrolled += extra
    return sorted(enrolled)[:size]


def save_once(membership, session, size: int, client=None) -> list[tuple[str, float, int]]:
    """(what, seconds, queries) of a first marking and of a change of every mark; rolled back."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from integra.support.models import Attendance, Session
    from integra.support.services import record_attendance

    out = []
    try:
        with transaction.atomic():
            people = grow_group(session, size)
            Attendance.objects.filter(session=session).delete()
            session = Session.objects.get(pk=session.pk)
            for what, status in (("first marking", "present"), ("every mark changed", "absent")):
                marks = dict.fromkeys(people, status)
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    session = record_attendance(
                        actor=membership, session=session, marks=marks, expected_version=session.version
                    )
                    elapsed = time.perf_counter() - started
                out.append((what, elapsed, len(captured.captured_queries)))
            if client is not None:
                data = {"version": session.version, **{f"status_{pid}": "excused" for pid in people}}
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.post(reverse("support:attendance", args=[session.pk]), data)
                    elapsed = time.perf_counter() - started
                if response.status_code != 302:
                    raise RuntimeError(f"the attendance screen answered {response.status_code}")
                out.append(("screen POST (whole request)", elapsed, len(captured.captured_queries)))
            if Attendance.objects.filter(session=session).count() != len(people) or len(people) != size:
                raise RuntimeError("the marks were not all saved")
            raise _Rollback
    except _Rollback:
        pass
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20, help="sessions measured for each group size")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[25, 100],
        help="group sizes (activities are topped up with more people of the centre, rolled back)",
    )
    args = parser.parse_args()
    setup_django()
    from list_search import client_for

    membership = bench_membership()
    client = client_for(membership)
    lines = []
    sessions = group_sessions(membership.institution_id, args.sessions)
    for size in args.sizes:
        results: dict[str, list[tuple[float, int]]] = {}
        for session in sessions:
            for what, seconds, queries in save_once(membership, session, size, client):
                results.setdefault(what, []).append((seconds, queries))
        for what, values in results.items():
            times = [s for s, _ in values]
            counts = [q for _, q in values]
            lines.append(
                f"{size} people, {what}: median **{median(times) * 1000:.1f} ms**, "
                f"**{max(counts)} queries** (over {len(values)} sessions)"
            )
            print(lines[-1], flush=True)
    lines.append("target: ≤ 10 queries for the save whatever the group size")
    record("Attendance save of a group session", lines)


if __name__ == "__main__":
    sys.exit(main())
