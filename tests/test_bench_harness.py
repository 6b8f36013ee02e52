"""`make bench` measures only on a quiet machine and replaces only its own section of bench/RESULTS.md (issue 26).

No figure is taken here: the load average is simulated, and the splice runs on copies of RESULTS.md.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import common  # noqa: E402


def _loads(*ones: float):
    """A load-average reader that returns these 1-minute figures one after another (the last one repeated)."""
    figures = list(ones)

    def load() -> tuple[float, float, float]:
        one = figures.pop(0) if len(figures) > 1 else figures[0]
        return (one, 0.5, 0.5)

    return load


def test_a_quiet_machine_is_measured_at_once():
    slept: list[float] = []
    assert common.wait_for_quiet(1.0, 60, load=_loads(0.4), sleep=slept.append, say=lambda _t: None)[0] == 0.4
    assert slept == []


def test_a_busy_machine_is_waited_for_a_bounded_time_then_measured_once_quiet():
    slept, said = [], []
    now = common.wait_for_quiet(1.0, 60, poll=10, load=_loads(3.2, 2.1, 1.4, 0.9), sleep=slept.append, say=said.append)
    assert now[0] == 0.9 and slept == [10, 10, 10]
    assert len(said) == 1 and "3.20 > 1.00" in said[0]


def test_a_machine_that_stays_busy_stops_the_benchmark_with_a_message_and_status_3(capsys):
    slept: list[float] = []
    with pytest.raises(common.MachineBusy) as stopped:
        common.wait_for_quiet(1.0, 25, poll=10, load=_loads(1.3), sleep=slept.append, say=lambda _t: None)
    assert stopped.value.code == 3 and slept == [10, 10, 5]
    assert "1.30 (above 1.00) after waiting 25 s" in capsys.readouterr().err


def test_the_quiet_command_refuses_a_busy_machine_without_waiting_past_its_bound():
    run = subprocess.run(
        [sys.executable, str(BENCH / "common.py"), "quiet"],
        env={"BENCH_MAX_LOAD": "-1", "BENCH_SETTLE_SECONDS": "0", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 3, run.stderr
    assert "no figure is taken" in run.stderr


def test_a_run_replaces_only_the_generated_section_and_keeps_every_hand_written_one(tmp_path):
    results = (BENCH / "RESULTS.md").read_text(encoding="utf-8")
    assert results.count(common.BEGIN_MARK) == 1 and results.count(common.END_MARK) == 1
    head, rest = results.split(common.BEGIN_MARK)
    _generated, tail = rest.split(common.END_MARK)
    target, section = tmp_path / "RESULTS.md", tmp_path / "section.md"
    target.write_text(results, encoding="utf-8")
    section.write_text("## One run of make bench\n\n### A block\n\n- figure: 1 ms\n", encoding="utf-8")

    for _ in range(2):  # a second run replaces the first one's section, not adds to it
        subprocess.run([sys.executable, str(BENCH / "common.py"), "splice", str(target), str(section)], check=True)
        spliced = target.read_text(encoding="utf-8")
        assert spliced.startswith(head) and spliced.endswith(tail)
        assert spliced.count("### A block") == 1 and "started 2026-11-25 23:15 UTC" not in spliced
    # hand-written sections kept: the issue 16 analysis, the click counts of issue 23
    assert "## Targets of issue 16" in spliced and "## Issue 23, point 2: clicks and screens" in spliced


def test_without_markers_the_section_goes_first_and_nothing_else_is_lost():
    text = "# Benchmark results\n\n## Memory peaks (by hand)\n\n- export: 106 MB\n"
    spliced = common.splice_section(text, "### A block\n- figure")
    assert spliced.startswith("# Benchmark results\n\n" + common.BEGIN_MARK)
    assert spliced.endswith("## Memory peaks (by hand)\n\n- export: 106 MB\n")
    assert common.splice_section(spliced, "### Another") == spliced.replace("### A block\n- figure", "### Another")


def test_a_block_records_the_load_before_and_after_and_cpu_beside_wall(tmp_path, monkeypatch):
    section = tmp_path / "section.md"
    monkeypatch.setattr(common, "SECTION_FILE", str(section))
    monkeypatch.setattr(common, "machine", lambda: "2 cores (test)")
    monkeypatch.setattr(common, "_BLOCK", {"load": (0.31, 0.4, 0.5), "wall": 0.0, "cpu": 0.0})
    monkeypatch.setattr(common, "load_average", lambda: (1.7, 0.9, 0.6))
    before = (BENCH / "RESULTS.md").read_text(encoding="utf-8")
    common.record("A block", ["figure: 1 ms"])
    written = section.read_text(encoding="utf-8")
    assert "### A block" in written and "- figure: 1 ms" in written
    assert "before: 0.31 / 0.40 / 0.50, after: 1.70 / 0.90 / 0.60" in written
    assert "block wall" in written and ", CPU " in written
    assert (BENCH / "RESULTS.md").read_text(encoding="utf-8") == before  # the run's file, not RESULTS.md


def test_figures_taken_on_a_busy_machine_are_not_written(tmp_path, monkeypatch):
    section = tmp_path / "section.md"
    monkeypatch.setattr(common, "SECTION_FILE", str(section))
    monkeypatch.setattr(common, "machine", lambda: "2 cores (test)")
    monkeypatch.setattr(common, "_BLOCK", {"load": (4.0, 3.0, 2.0), "wall": 0.0, "cpu": 0.0})
    with pytest.raises(common.MachineBusy):
        common.record("A block", ["figure: 1 ms"])
    assert not section.exists()


def test_a_test_calling_a_benchmarks_function_does_not_wait_for_a_quiet_machine(monkeypatch):
    """Inside a process that already set Django up (the test suite), setup_django() starts no block."""
    monkeypatch.setattr(common, "_BLOCK", {})
    monkeypatch.setattr(common, "wait_for_quiet", lambda *a, **k: pytest.fail("waited for a quiet machine"))
    common.setup_django()
    assert common._BLOCK == {}
