"""Job queues compared: the database queue (django-tasks-db) against RQ on Redis (django-tasks-rq).

For each backend: 1,000 trivial tasks enqueued, then one `integra worker` started to drain them
(throughput: tasks / (last finished - first started)); then, with that worker idle, 50 tasks enqueued one
at a time, each waited for (enqueue-to-done latency, median and p95). Both on the same database
(DATABASE_URL, normally PostgreSQL) and, for RQ, the Redis at INTEGRA_BENCH_REDIS_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench \\
      INTEGRA_BENCH_REDIS_URL=redis://127.0.0.1:6379/1 .venv/bin/python bench/job_queues.py
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {bench!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integra.settings")
import django
django.setup()
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
import jobtasks

n, probes = {n}, {probes}
backend = task_backends["default"]
if os.environ.get("INTEGRA_REDIS_URL"):
    import django_rq
    django_rq.get_queue("default").empty()
else:
    from django_tasks_db.models import DBTaskResult
    DBTaskResult.objects.all().delete()
t0 = time.perf_counter()
ids = [jobtasks.noop.enqueue(i).id for i in range(n)]
enqueue_s = time.perf_counter() - t0
worker = subprocess_worker = __import__("subprocess").Popen(
    [{integra!r}, "worker", "--supervise-every", "60"], cwd={root!r},
    env={{**os.environ, "PYTHONPATH": {bench!r}}}, stdout=__import__("subprocess").DEVNULL,
    stderr=__import__("subprocess").DEVNULL)
try:
    deadline = time.time() + 600
    while time.time() < deadline:
        results = [backend.get_result(i) for i in ids[-1:]]
        if all(r.status == TaskResultStatus.SUCCESSFUL for r in results):
            done = [backend.get_result(i) for i in ids]
            if all(r.status == TaskResultStatus.SUCCESSFUL for r in done):
                break
        time.sleep(0.2)
    started = min(r.started_at for r in done)
    finished = max(r.finished_at for r in done)
    drain_s = (finished - started).total_seconds()
    latencies = []
    for i in range(probes):
        t = time.perf_counter()
        rid = jobtasks.noop.enqueue(i).id
        while backend.get_result(rid).status != TaskResultStatus.SUCCESSFUL:
            time.sleep(0.005)
        latencies.append(time.perf_counter() - t)
finally:
    worker.terminate()
    worker.wait(30)
latencies.sort()
print(json.dumps({{"enqueue_s": enqueue_s, "drain_s": drain_s, "latencies": latencies}}))
"""


def run(backend: str, n: int, probes: int, redis_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "INTEGRA_REDIS_URL"}
    if backend == "rq":
        env["INTEGRA_REDIS_URL"] = redis_url
    code = CHILD.format(bench=str(BENCH), n=n, probes=probes, integra=str(ROOT / ".venv/bin/integra"), root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=1200, check=False
    )
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--probes", type=int, default=50)
    args = parser.parse_args()
    redis_url = os.environ.get("INTEGRA_BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
    sys.path.insert(0, str(BENCH))
    from common import median, percentile, record, setup_django

    setup_django()
    lines = [
        f"{args.tasks} trivial tasks enqueued then drained by one `integra worker`; then {args.probes} tasks "
        "one at a time with the worker idle (enqueue-to-done latency, polled every 5 ms)"
    ]
    for backend, label in (
        ("db", "database queue (django-tasks-db)"),
        ("rq", f"RQ on Redis (django-tasks-rq, {redis_url})"),
    ):
        figures = run(backend, args.tasks, args.probes, redis_url)
        lat = figures["latencies"]
        lines.append(
            f"{label}: enqueue {args.tasks / figures['enqueue_s']:.0f} tasks/s; drain **{args.tasks / figures['drain_s']:.0f} "
            f"tasks/s**; latency p50 **{median(lat) * 1000:.0f} ms**, p95 {percentile(lat, 95) * 1000:.0f} ms"
        )
    record("Job queues: database queue vs RQ on Redis", lines)


if __name__ == "__main__":
    main()
