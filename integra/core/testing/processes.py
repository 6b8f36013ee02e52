"""Killing a process and everything it started, as a host that loses power would.

`os.killpg` is not enough for a worker: RQ's worker forks a work horse per job and the horse calls
`os.setpgrp()`, so it leaves the worker's process group and would go on running the job."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # pid (comm) state ppid ...; comm may hold spaces or brackets, so split after its last ')'
            text = stat.read_text()
            ppid = int(text[text.rindex(")") + 2 :].split()[1])
            children.setdefault(ppid, []).append(int(stat.parent.name))
    return children


def descendants(pid: int) -> list[int]:
    children = _children()
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(pid: int) -> None:
    """Stop `pid` and its descendants (so none forks again), then SIGKILL every one of them."""
    tree = [pid]
    for _ in range(3):  # a fork between the listing and the stop is caught by the next round
        for member in tree:
            with contextlib.suppress(ProcessLookupError):
                os.kill(member, signal.SIGSTOP)
        tree = [pid, *descendants(pid)]
    for member in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(member, signal.SIGKILL)
