"""Start-up: wall time of `integra` commands and of an app process's first import of everything it serves.

Each command is started as a new process several times (as hyperfine would); the figure is the median
wall time. An app process (gunicorn worker, task worker) loads settings, apps, models and the URL
configuration before its first request: `python -c "django.setup(); import integra.urls"` measures that.
Target (issue 16): every start ≤ 1 s. The CPU time (user + system) of each start is printed
too: on a shared machine the wall time includes waiting for a core, the CPU time does not.

Integra's own modules are byte-compiled first, as `pip install .` does for a deployment (deploy/README.md): in an
editable checkout with PYTHONDONTWRITEBYTECODE set, every start would otherwise compile its ~340 modules from
source again (about 0.3 s of CPU time per start, measured with -X importtime and cProfile).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/startup.py
"""

from __future__ import annotations

import argparse
import compileall
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from common import median, record, setup_django

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 1.0
APP = (
    "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'integra.settings'); import django; "
    "django.setup(); import integra.urls, integra.wsgi"
)


def starts() -> dict[str, list[str]]:
    integra = str(ROOT / ".venv/bin/integra")
    return {
        "integra help": [integra, "help"],
        "integra check": [integra, "check"],
        "integra report --help": [integra, "report", "--help"],
        "integra migrate --check": [integra, "migrate", "--check"],
        "app process (settings, models, URL configuration)": [sys.executable, "-c", APP],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    compileall.compile_dir(ROOT / "integra", quiet=1)
    lines, misses = [], []
    for name, command in starts().items():
        times, cpu = [], []
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, env=os.environ, capture_output=True, check=False)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            if done.returncode != 0:
                raise SystemExit(f"{name} failed: {done.stderr.decode()[-2000:]}")
        seconds = median(times)
        if seconds > TARGET_S:
            misses.append(name)
        lines.append(
            f"`{name}`: median **{seconds:.2f} s** of {args.runs} starts (min {min(times):.2f} s, "
            f"max {max(times):.2f} s); CPU time median {median(cpu):.2f} s"
        )
        print(lines[-1], flush=True)
    lines.append(
        f"target: every start ≤ {TARGET_S:.0f} s — " + ("met" if not misses else "MISSED: " + ", ".join(misses))
    )
    lines.append("integra's modules byte-compiled before the starts, as `pip install .` does")
    lines.append(
        "none of statsmodels, reportlab, numpy, openpyxl, pandas is imported by a bare start "
        "(tests/test_startup_imports.py)"
    )
    record("Start-up of integra commands and app processes", lines)


if __name__ == "__main__":
    sys.exit(main())
