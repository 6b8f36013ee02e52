"""Shared helpers of the benchmarks: Django setup, machine facts, and appending to RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import shlex
import statistics
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def setup_django() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
    import django

    django.setup()


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            db = f"SQLite {cursor.fetchone()[0]}"
    cpu = platform.processor() or platform.machine()
    return f"{os.cpu_count()} cores ({cpu}), {db}, Python {platform.python_version()}"


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def record(title: str, lines: list[str]) -> None:
    """Print the figures and append them to bench/RESULTS.md with the command, machine and date."""
    script = Path(sys.argv[0]).resolve()
    root = Path(__file__).resolve().parent.parent
    script_name = str(script.relative_to(root)) if script.is_relative_to(root) else sys.argv[0]
    command = ".venv/bin/python " + " ".join(shlex.quote(a) for a in [script_name, *sys.argv[1:]])
    for name in ("INTEGRA_REPLICA_URL", "DATABASE_URL"):  # the replica benchmark needs both
        if os.environ.get(name):
            command = f"{name}=" + shlex.quote(os.environ[name]) + " " + command
    block = [f"### {title}", "", f"- command: `{command}`", f"- machine: {machine()}",
             f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}", *[f"- {line}" for line in lines], ""]
    text = "\n".join(block)
    print(text)
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n\nEach block is appended by the command it names.\n\n", encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")


def bench_membership():
    """The coordinator of the benchmark centre (the largest one), loaded by `integra bench-data`."""
    from integra.institutions.models import Membership

    return Membership.objects.select_related("institution", "user").get(user__username="bench.koordynator")


def bench_region():
    from integra.institutions.models import Institution

    return Institution.objects.filter(slug__startswith="bench-region-").order_by("id").first()


def timed(function, *args, **kwargs):
    """(seconds, result) of one call."""
    import time

    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def shared_note() -> str:
    """The 1-minute load average at the end. It counts the benchmark's own processes (about 1 for a
    single-process benchmark, more under load.py's gunicorn), so only what exceeds that is other work."""
    try:
        load = os.getloadavg()[0]
    except OSError:
        return "load average unknown"
    return f"load average {load:.2f} on {os.cpu_count() or 1} cores at the end (including this benchmark's own processes)"
