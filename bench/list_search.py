"""Participant list and search in the centre of 10,000 people within the regional dataset.

Server time of each request through the whole Django stack (middleware, view, template) with the
test client, signed in as bench.koordynator (a coordinator: no second factor required; were it
required, the session is verified as a TOTP sign-in would), and the queries each request runs.
The floor is the same client on the trivial /health/ view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/list_search.py
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from common import bench_membership, median, percentile, record, setup_django

PREFIXES = ("Now", "Kowal", "Wi", "Ż", "Dąbr", "ł", "Sz", "Kr", "Zieliń", "M")


def client_for(membership):
    from django.test import Client

    from integra.accounts.twofactor import has_totp, two_factor_required
    from integra.core.testing.otp import verified_login

    client = Client()
    if two_factor_required(membership.user) or has_totp(membership.user):
        verified_login(client, membership.user)  # signs in as a session verified by a TOTP code would be
    else:
        client.force_login(membership.user)  # a coordinator: no second factor (and no device left behind)
    return client


def requests_of(membership, rng: random.Random, repeat: int) -> dict[str, list[tuple[str, str, dict]]]:
    """(method, path, form) of each kind of request: the list (first, second, middle, last page), then
    searches as the screen sends them while typing (an htmx POST: filters live in the session, a PESEL
    never enters a URL) by surname prefix and by PESEL."""
    from django.urls import reverse

    from integra.people.models import Participant

    url = reverse("people:participant-list")
    people = Participant.objects.filter(institution_id=membership.institution_id)
    total = people.count()
    pages = max(1, -(-total // _page_size()))
    pesels = list(people.exclude(pesel=None).values_list("pesel", flat=True).order_by("id")[:5000])
    return {
        "list": [("GET", f"{url}?page={rng.choice([1, 2, pages // 2, pages])}", {}) for _ in range(repeat)],
        "surname prefix": [("POST", url, {"q": rng.choice(PREFIXES)}) for _ in range(repeat)],
        "PESEL": [("POST", url, {"q": rng.choice(pesels)}) for _ in range(repeat)],
    }


def reset_filters(client) -> None:
    from django.urls import reverse

    client.post(reverse("people:participant-list"), {"q": ""}, HTTP_HX_REQUEST="true")


def _page_size() -> int:
    from django.conf import settings

    return settings.INTEGRA_PAGE_SIZE


def measure(client, requests: list[tuple[str, str, dict]]) -> tuple[list[float], list[int]]:
    """Seconds and query counts of each request (each must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, queries = [], []
    for method, path, form in requests:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path) if method == "GET" else client.post(path, form, HTTP_HX_REQUEST="true")
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        seconds.append(elapsed)
        queries.append(len(captured.captured_queries))
    return seconds, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=100, help="requests of each kind")
    args = parser.parse_args()
    setup_django()
    from integra.people.models import Participant

    membership = bench_membership()
    centre_size = Participant.objects.filter(institution_id=membership.institution_id).count()
    region_size = Participant.objects.count()
    client = client_for(membership)
    kinds = requests_of(membership, random.Random(1), args.repeat)
    measure(client, [requests[0] for requests in kinds.values()])  # warm the caches and the connection
    lines = [
        f"centre of {centre_size:,} people within {region_size:,}; {args.repeat} requests of each kind, "
        f"page of {_page_size()} rows, Django test client in one process (server time without the network)"
    ]
    everything: list[float] = []
    worst_queries = 0
    for kind, requests in kinds.items():
        reset_filters(client)
        seconds, queries = measure(client, requests)
        everything += seconds
        worst_queries = max(worst_queries, max(queries))
        lines.append(
            f"{kind}: p50 {median(seconds) * 1000:.1f} ms, **p95 {percentile(seconds, 95) * 1000:.1f} ms**, "
            f"queries per request {min(queries)}–{max(queries)}"
        )
        print(lines[-1], flush=True)
    floor, _ = measure(client, [("GET", "/health/", {})] * args.repeat)
    lines.append(
        f"all: p95 {percentile(everything, 95) * 1000:.1f} ms, at most {worst_queries} queries per request "
        "(target: p95 ≤ 100 ms, ≤ 10 queries)"
    )
    lines.append(
        f"floor (trivial /health/ view, same client): p50 {median(floor) * 1000:.1f} ms, p95 {percentile(floor, 95) * 1000:.1f} ms"
    )
    record("Participant list and search (centre of 10,000 in the 200k region)", lines)


if __name__ == "__main__":
    sys.exit(main())
