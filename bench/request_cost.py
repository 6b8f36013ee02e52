"""What one request of bench/load.py's mix costs in one process: CPU time and Python function calls per request.

Sends the load's requests (load.targets(): list, search, participant page, timetable, attendance) straight to the
WSGI application in this process, signed in as bench.koordynator, after 200 to warm it up. CPU time varies with
the machine (a shared host drifts by a third from run to run); the count of Python function calls per request,
taken with cProfile, does not, so it tells two versions of the code apart on any machine. Writes no figure.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/request_cost.py
    ... bench/request_cost.py --screen "participant page" --requests 400 --top 30   # and the costliest functions
    ... bench/request_cost.py --sort cumulative --top 60 --callers normalize_choices   # with callees; who calls
    ... bench/request_cost.py --sql   # the queries of one request of each kind
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time

os.environ.setdefault("INTEGRA_DB_CONN_MAX_AGE", "600")
os.environ.setdefault("INTEGRA_ALLOWED_HOSTS", "127.0.0.1,testserver")

from common import bench_membership, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--screen", default="mix", help='one kind of load.screen_of(), e.g. "attendance"; mix: all')
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions (see --sort)")
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"], help="own time or with callees")
    parser.add_argument("--callers", metavar="PATTERN", help="print who calls the functions matching PATTERN")
    parser.add_argument("--sql", action="store_true", help="print the queries of one request of each kind, and stop")
    args = parser.parse_args()
    setup_django()
    import load
    from django.core.handlers.wsgi import WSGIHandler
    from list_search import client_for

    paths = [p for p in load.targets() if args.screen == "mix" or load.screen_of(p[1], p[2]) == args.screen]
    if not paths:
        sys.exit(f"no request of the kind {args.screen!r}")
    client = client_for(bench_membership())
    client.get("/people/")  # sets the form-token cookie
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    token = client.cookies["csrftoken"].value
    app = WSGIHandler()

    def send(method: str, path: str, body: str | None) -> str:
        data = (body or "").encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8765",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8765",
            "HTTP_COOKIE": cookies,
            "CONTENT_LENGTH": str(len(data)),
            "wsgi.input": io.BytesIO(data),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        if body:  # as the list's search sends it: an htmx POST with the form token
            environ |= {
                "CONTENT_TYPE": "application/x-www-form-urlencoded",
                "HTTP_X_CSRFTOKEN": token,
                "HTTP_HX_REQUEST": "true",
                "HTTP_REFERER": f"http://127.0.0.1:8765{path}",
            }
        status: list[str] = []
        b"".join(app(environ, lambda s, headers, *rest: status.append(s)))
        return status[0]

    rng = random.Random(5)
    for _ in range(200):
        answer = send(*rng.choice(paths))
        if not answer.startswith("200"):
            sys.exit(f"{answer} from the warm-up")
    if args.sql:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for kind in dict.fromkeys(load.screen_of(p[1], p[2]) for p in paths):
            path = next(p for p in paths if load.screen_of(p[1], p[2]) == kind)
            with CaptureQueriesContext(connection) as queries:
                send(*path)
            print(f"## {kind}: {len(queries)} queries")
            for query in queries:
                print(f"- {query['time']} s: {query['sql'][:300]}")
        return
    started = time.process_time()
    for _ in range(args.requests):
        send(*rng.choice(paths))
    cpu = (time.process_time() - started) / args.requests
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        send(*rng.choice(paths))
    profile.disable()
    stats = pstats.Stats(profile)
    print(
        f"{args.screen}: {cpu * 1000:.2f} ms of CPU and {stats.total_calls / args.requests:,.0f} Python function "
        f"calls per request ({args.requests} requests)"
    )
    if args.top:
        stats.sort_stats(args.sort).print_stats(args.top)
    if args.callers:
        stats.sort_stats(args.sort).print_callers(args.callers)


if __name__ == "__main__":
    main()
