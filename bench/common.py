"""Shared helpers of the benchmarks: Django setup, machine facts, and appending to RESULTS.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

# Figures are only written when nothing else runs (issue 26): a block starts once the 1-minute load average is at
# most BENCH_MAX_LOAD, waiting at most BENCH_SETTLE_SECONDS for it (the previous block's own load decays in a minute
# or two); otherwise the benchmark stops with a message and writes nothing.
MAX_LOAD = float(os.environ.get("BENCH_MAX_LOAD", "1.0"))
SETTLE_SECONDS = float(os.environ.get("BENCH_SETTLE_SECONDS", "300"))
# Set by bench/run_all.sh: blocks go to this file, which replaces the generated section of RESULTS.md at the end.
SECTION_FILE = os.environ.get("BENCH_SECTION_FILE", "")
BEGIN_MARK = "<!-- make bench: generated section, replaced by bench/run_all.sh; edit outside it -->"
END_MARK = "<!-- make bench: end of the generated section -->"


class MachineBusy(SystemExit):
    """The machine did not become quiet in time: no figure is taken (the message on stderr, exit status 3)."""

    def __init__(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)
        self.message = message
        super().__init__(3)


def load_average() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:  # not on this platform: nothing proves the machine quiet
        return (float("inf"),) * 3


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of the children it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def wait_for_quiet(
    max_load: float = MAX_LOAD,
    seconds: float = SETTLE_SECONDS,
    *,
    poll: float = 10.0,
    load: Callable[[], tuple[float, float, float]] = load_average,
    sleep: Callable[[float], None] = time.sleep,
    say: Callable[[str], None] = lambda text: print(text, file=sys.stderr, flush=True),
) -> tuple[float, float, float]:
    """The load average once its 1-minute figure is at most max_load; MachineBusy after `seconds` of waiting."""
    waited = 0.0
    while True:
        now = load()
        if now[0] <= max_load:
            return now
        if waited >= seconds:
            raise MachineBusy(
                f"bench: the 1-minute load average is {now[0]:.2f} (above {max_load:.2f}) after waiting {waited:.0f} s: "
                "something else is running, so no figure is taken. Run the benchmarks alone (no test suite, browser "
                "or other benchmark); BENCH_SETTLE_SECONDS waits longer."
            )
        if waited == 0:
            say(f"bench: 1-minute load average {now[0]:.2f} > {max_load:.2f}; waiting up to {seconds:.0f} s for quiet")
        step = min(poll, seconds - waited)
        sleep(step)
        waited += step


_BLOCK: dict[str, object] = {}


def begin_block() -> None:
    """Wait for a quiet machine, then note the load, wall clock and CPU time at the start of this block."""
    if _BLOCK or os.environ.get("BENCH_BLOCK_PARENT"):  # a child process of a block (export, load) is part of it
        return
    before = wait_for_quiet()
    os.environ["BENCH_BLOCK_PARENT"] = str(os.getpid())
    _BLOCK.update(load=before, wall=time.perf_counter(), cpu=cpu_seconds())


def block_note() -> str:
    """Load average before and after the block, and its wall and CPU time (the database server's CPU not included)."""
    before = _BLOCK.get("load")
    after = load_average()

    def triple(values: tuple[float, float, float]) -> str:
        return " / ".join(f"{v:.2f}" for v in values)

    if before is None:  # record() without setup_django(): nothing was timed as a block
        return f"load average (1 / 5 / 15 min) after: {triple(after)} on {os.cpu_count() or 1} cores"
    wall, cpu = time.perf_counter() - _BLOCK["wall"], cpu_seconds() - _BLOCK["cpu"]
    return (
        f"load average (1 / 5 / 15 min) before: {triple(before)}, after: {triple(after)} on {os.cpu_count() or 1} "
        f"cores (at most {MAX_LOAD:.2f} at the start; the after figure includes this benchmark's own processes); "
        f"block wall {wall:.1f} s, CPU {cpu:.1f} s (this process and its children)"
    )


def splice_section(text: str, body: str) -> str:
    """RESULTS.md with its generated section replaced by body; hand-written text before and after is kept.

    Without the markers the section goes first, after the title, and everything else follows it."""
    section = f"{BEGIN_MARK}\n\n{body.strip()}\n\n{END_MARK}"
    if BEGIN_MARK in text and END_MARK in text:
        head, rest = text.split(BEGIN_MARK, 1)
        _old, tail = rest.split(END_MARK, 1)
        return head + section + tail
    title, _newline, rest = text.partition("\n")
    if not title.startswith("# "):
        title, rest = "# Benchmark results", text
    return f"{title}\n\n{section}\n\n{rest.lstrip()}"


def setup_django() -> None:
    from django.apps import apps

    if not apps.ready:  # a benchmark process starting (not a test calling a benchmark's function)
        begin_block()
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
    block = [
        f"### {title}",
        "",
        f"- command: `{command}`",
        f"- machine: {machine()}",
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        *[f"- {line}" for line in lines],
        f"- {block_note()}",
        "",
    ]
    text = "\n".join(block)
    print(text)
    before = _BLOCK.get("load")
    if before is not None and before[0] > MAX_LOAD:  # cannot happen after begin_block(); a guard for callers
        raise MachineBusy(f"bench: load average {before[0]:.2f} at the start of the block: figures not written")
    target = Path(SECTION_FILE) if SECTION_FILE else RESULTS
    if not target.exists():
        target.write_text(
            "# Benchmark results\n\nEach block is appended by the command it names.\n\n", encoding="utf-8"
        )
    with target.open("a", encoding="utf-8") as handle:
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


def main(argv: list[str]) -> int:
    """bench/run_all.sh's helpers: `quiet` waits for a quiet machine; `splice RESULTS SECTION` puts a run in."""
    if argv[:1] == ["quiet"]:
        now = wait_for_quiet()
        print(f"bench: load average {now[0]:.2f} / {now[1]:.2f} / {now[2]:.2f}: quiet enough to measure")
        return 0
    if argv[:1] == ["splice"] and len(argv) == 3:
        results, section = Path(argv[1]), Path(argv[2])
        text = results.read_text(encoding="utf-8") if results.exists() else ""
        results.write_text(splice_section(text, section.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    print("usage: common.py quiet | common.py splice RESULTS.md SECTION.md", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
