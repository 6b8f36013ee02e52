"""HTTP load: 50 simulated staff browsing list, detail, timetable and attendance for 60 s.

Starts gunicorn on 127.0.0.1 against DATABASE_URL (a database loaded with `integra bench-data`),
signs each simulated user in as bench.koordynator, then loops over the four screens; afterwards
measures the same server's requests/s on the trivial health view as the floor. Only loopback.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/load.py
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import select
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from common import percentile, record, setup_django

HOST, PORT = "127.0.0.1", int(os.environ.get("BENCH_PORT", "8765"))  # BENCH_PORT: a free loopback port


class Browser:
    """One member of staff's browser: its cookies and one kept-alive connection.

    Like a browser, it does not lose a request to a connection the server closed while it was idle: gunicorn's
    gthread workers close a connection idle for their keep-alive time (2 s by default; sync workers close after
    every answer), and a request sent on it fails with RemoteDisconnected. Before a request, a connection the server
    has closed is reopened (what urllib3 checks before reusing one), counted in `reopened`; a request the server
    closes a reused connection on without any answer — it closed the connection as the request went out — is sent
    once more on a new connection (as Chromium does), counted in `resent`. Every other failure is an error."""

    def __init__(self, port: int = PORT) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.reopened = 0
        self.resent = 0

    def _drop_if_closed(self) -> None:
        """Close the kept-alive connection if the server has closed its end: a socket readable between answers
        holds the server's end of file (what urllib3's is_connection_dropped checks before reusing one)."""
        sock = self.conn.sock
        if sock is not None and select.select([sock], [], [], 0)[0]:
            self.conn.close()  # http.client opens a new connection for the next request
            self.reopened += 1

    def close(self) -> None:
        self.conn.close()

    def request(self, method: str, path: str, body: str | None = None, htmx: bool = False) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": f"{HOST}:{self.port}"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if htmx:
            headers["HX-Request"] = "true"
        self._drop_if_closed()
        reused = self.conn.sock is not None
        try:
            response = self._send(method, path, body, headers)
        except (ConnectionResetError, ConnectionAbortedError, BrokenPipeError):  # RemoteDisconnected is the first
            if not reused:
                raise
            self.resent += 1
            response = self._send(method, path, body, headers)  # on a new connection, once
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")

    def _send(self, method: str, path: str, body: str | None, headers: dict[str, str]) -> http.client.HTTPResponse:
        try:
            self.conn.request(method, path, body=body, headers=headers)
            return self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            raise

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if found is None:
            raise SignInFailed(f"GET {status}")
        status, _ = self.request(
            "POST",
            "/login/",
            urlencode({"csrfmiddlewaretoken": found.group(1), "username": username, "password": password}),
        )
        if status != 302:
            raise SignInFailed(f"POST {status}")


class SignInFailed(RuntimeError):
    """The sign-in page or form did not answer as it does for the right password; the message names the answer."""


def outcome(error: BaseException) -> str:
    """What a request that got no HTTP answer is counted as: the exception's name (RemoteDisconnected,
    ConnectionResetError, TimeoutError…), so a closed connection is told apart from a slow server."""
    return type(error).__name__


def screen_of(path: str, body: str | None) -> str:
    """The kind of screen a request of targets() (or the floor's /health/, or the sign-in) asks for."""
    if path.startswith("/people/") and path.count("/") == 2:
        return "search (POST)" if body else "list"
    if path.startswith("/people/"):
        return "participant page"
    if "timetable" in path:
        return "timetable"
    if "attendance" in path:
        return "attendance"
    return path


def targets() -> list[tuple[str, str, str | None]]:
    """(method, path, form body) of the screens a coordinator browses: the participant list, a search as
    the list sends it while typing (an htmx POST: filters live in the session, never in a URL), a
    participant's page, the week's timetable and a session's attendance list."""
    setup_django()
    from django.urls import reverse

    from integra.institutions.models import Membership
    from integra.people.models import Participant
    from integra.support.models import Session

    membership = Membership.objects.select_related("institution").get(user__username="bench.koordynator")
    centre = membership.institution_id
    people = list(Participant.objects.filter(institution_id=centre).values_list("pk", flat=True)[:2000])
    sessions = list(Session.objects.filter(institution_id=centre).values_list("pk", flat=True)[:2000])
    people_url = reverse("people:participant-list")
    paths: list[tuple[str, str, str | None]] = [("GET", people_url, None)] * 3
    paths += [("POST", people_url, urlencode({"q": q})) for q in ("Now", "Kowal", "Wi", "Ż")]
    paths += [
        ("GET", reverse("people:participant-detail", args=[pk]), None)
        for pk in random.Random(1).sample(people, min(50, len(people)))
    ]
    paths += [("GET", reverse("support:timetable"), None)] * 5
    paths += [
        ("GET", reverse("support:attendance", args=[pk]), None)
        for pk in random.Random(2).sample(sessions, min(30, len(sessions)))
    ]
    return paths


@dataclass
class Run:
    """What the simulated users got: each request's latency, the answers other than 200 by (status, screen) — a
    request without an HTTP answer by the exception's name — the users whose sign-in failed by what answered
    (each counted as one error; that user then sends nothing), and the connections reopened and requests resent
    (Browser)."""

    latencies: list[float] = field(default_factory=list)
    failures: Counter[tuple[str, str]] = field(default_factory=Counter)
    sign_in_failures: Counter[str] = field(default_factory=Counter)
    elapsed: float = 0.0
    reopened: int = 0  # kept-alive connections the server had closed when the next request was due (Browser)
    resent: int = 0  # requests sent again after the server closed their reused connection without an answer

    @property
    def errors(self) -> int:
        return sum(self.failures.values()) + sum(self.sign_in_failures.values())

    def describe(self) -> str:
        """The errors by status and screen, most frequent first ("none" without any)."""
        parts = [
            f"{count} × sign-in ({what})" for what, count in sorted(self.sign_in_failures.items(), key=lambda i: -i[1])
        ]
        parts += [
            f"{count} × {status} on {screen}"
            for (status, screen), count in sorted(self.failures.items(), key=lambda i: (-i[1], i[0]))
        ]
        return "; ".join(parts) or "none"


def run_users(
    paths: list[tuple[str, str, str | None]],
    users: int,
    seconds: float,
    password: str,
    ports: tuple[int, ...] = (PORT,),
) -> Run:
    run = Run()
    lock = threading.Lock()
    started = threading.Barrier(users + 1)
    deadline = [0.0]  # set once every user has signed in (sign-ins hash passwords: slow on purpose)

    def user(number: int) -> None:
        rng = random.Random(number)
        browser = Browser(ports[number % len(ports)])  # users spread evenly over the app servers
        sign_in_failure = ""
        try:
            if password:
                browser.login("bench.koordynator", password)
        except SignInFailed as error:
            sign_in_failure = str(error)
        except (http.client.HTTPException, OSError) as error:
            sign_in_failure = outcome(error)
        started.wait()
        local: list[float] = []
        failures: Counter[tuple[str, str]] = Counter()
        while not sign_in_failure and time.monotonic() < deadline[0]:
            method, path, body = rng.choice(paths)
            t0 = time.perf_counter()
            try:
                status, _ = browser.request(method, path, body, htmx=body is not None)
            except (http.client.HTTPException, OSError) as error:
                status = outcome(error)
            local.append(time.perf_counter() - t0)
            if status != 200:
                failures[str(status), screen_of(path, body)] += 1
        browser.close()
        with lock:
            run.latencies.extend(local)
            run.failures.update(failures)
            run.reopened += browser.reopened
            run.resent += browser.resent
            if sign_in_failure:
                run.sign_in_failures[sign_in_failure] += 1

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + 3600  # until the barrier below releases everyone
    started.wait()
    t0 = time.monotonic()
    deadline[0] = t0 + seconds
    for thread in threads:
        thread.join()
    run.elapsed = time.monotonic() - t0
    return run


def screen_costs(paths: list[tuple[str, str, str | None]]) -> list[str]:
    """Server time and queries of each kind of screen, one at a time through the test client: what one
    request costs a worker, which bounds the requests/s two cores can serve."""
    from urllib.parse import parse_qsl

    from common import bench_membership, median
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from list_search import client_for

    client = client_for(bench_membership())
    kinds: dict[str, list[tuple[float, int]]] = {}
    for _method, path, body in paths:
        kind = screen_of(path, body)
        if len(kinds.get(kind, [])) >= 10:
            continue
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            if body:
                client.post(path, dict(parse_qsl(body)), HTTP_HX_REQUEST="true")
            else:
                client.get(path)
            elapsed = time.perf_counter() - t0
        kinds.setdefault(kind, []).append((elapsed, len(captured.captured_queries)))
    return [
        f"{kind}: {median([t for t, _ in v]) * 1000:.0f} ms, {max(q for _, q in v)} queries"
        for kind, v in kinds.items()
    ]


GUNICORN_LOG = Path("/tmp/integra-bench-gunicorn.log")


def log_problems(log: Path, start: int) -> str:
    """The lines at ERROR or CRITICAL (a worker timed out or died, an exception) that gunicorn wrote to its error
    log after `start` bytes, by message ("none" without any): a resent request's first try shows here if it was
    lost to a dying worker rather than to a kept-alive connection's end."""
    with log.open("rb") as handle:
        handle.seek(start)
        lines = handle.read().decode("utf-8", "replace").splitlines()
    problems = Counter(
        re.sub(r"\d+", "N", line.split("] ", 3)[-1])[:120]
        for line in lines
        if "[ERROR]" in line or "[CRITICAL]" in line
    )
    return "; ".join(f"{count} × {message}" for message, count in problems.most_common()) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="worker processes per server"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per worker process (above 1: gunicorn's gthread workers; deploy/ sizes by this measurement)",
    )
    parser.add_argument(
        "--servers",
        type=int,
        default=1,
        help="app servers (gunicorn masters) on consecutive ports, users spread over them "
        "the way a load balancer would (docs/scaling.md: many app servers)",
    )
    parser.add_argument("--ports", help="the servers' ports, comma-separated (instead of --servers consecutive ones)")
    args = parser.parse_args()
    setup_django()
    from integra.demo.synthetic import BENCH_PASSWORD

    paths = targets()
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "INTEGRA_DB_CONN_MAX_AGE": "600",
        "INTEGRA_ALLOWED_HOSTS": HOST,
        "INTEGRA_LOGIN_FAILURE_LIMIT": "1000000",
    }
    ports = tuple(int(p) for p in args.ports.split(",")) if args.ports else tuple(PORT + n for n in range(args.servers))
    log_start = GUNICORN_LOG.stat().st_size if GUNICORN_LOG.exists() else 0
    servers = [
        subprocess.Popen(
            [
                str(root / ".venv/bin/gunicorn"),
                "integra.wsgi",
                "-b",
                f"{HOST}:{port}",
                "-w",
                str(args.workers),
                *(["--threads", str(args.threads), "--worker-class", "gthread"] if args.threads > 1 else []),
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(GUNICORN_LOG),
            ],
            cwd=root,
            env=env,
            start_new_session=True,
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(100):
                try:
                    Browser(port).request("GET", "/login/")
                    break
                except OSError:
                    time.sleep(0.2)
        screens = run_users(paths, args.users, args.seconds, BENCH_PASSWORD, ports)
        floor = run_users([("GET", "/health/", None)], args.users, min(args.seconds, 20), "", ports)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(10)
    log_errors = log_problems(GUNICORN_LOG, log_start)
    costs = screen_costs(paths)
    latencies = screens.latencies
    rps = len(latencies) / max(screens.elapsed, 1)
    floor_rps = len(floor.latencies) / max(floor.elapsed, 1)
    title = "HTTP load: 50 staff on list, detail, timetable, attendance"
    if len(ports) > 1:
        title += f" ({len(ports)} app servers)"
    if args.threads > 1 or args.workers != parser.get_default("workers"):
        title += f" ({args.workers} × {args.threads})"
    record(
        title,
        [
            f"workers: {len(ports)} × gunicorn with {args.workers} "
            + (f"gthread workers × {args.threads} threads" if args.threads > 1 else "sync workers")
            + f" (ports {', '.join(map(str, ports))}); "
            f"{args.users} simulated users for {args.seconds:.0f} s",
            f"requests: {len(latencies)}, errors: {screens.errors}, requests/s: {rps:.1f}",
            f"errors by status and screen: {screens.describe()}; as a browser does, kept-alive connections the "
            f"server had closed reopened before a request: {screens.reopened}, requests sent again after the server "
            f"closed their reused connection without an answer: {screens.resent}; gunicorn's error log: {log_errors}",
            f"latency p50: {percentile(latencies, 50) * 1000:.0f} ms, p95: {percentile(latencies, 95) * 1000:.0f} ms "
            "(target: 0 errors, p95 ≤ 300 ms)",
            f"floor (trivial /health/ view): {floor_rps:.1f} requests/s, errors {floor.errors} ({floor.describe()}); "
            f"ratio {rps / floor_rps * 100:.0f} % (target ≥ 30 %)",
            "server time of one request of each screen, alone (median, test client): " + "; ".join(costs),
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
