"""kill_tree reaches a child that left its parent's process group, as RQ's work horse does."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from integra.core.testing.processes import descendants, kill_tree

FORKS_A_HORSE = """
import os, sys, time
child = os.fork()
if child == 0:
    os.setpgrp()
    print(os.getpid(), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_child_in_a_group_of_its_own_dies_with_its_parent():
    parent = subprocess.Popen([sys.executable, "-c", FORKS_A_HORSE], stdout=subprocess.PIPE, text=True)
    try:
        horse = int(parent.stdout.readline())
        assert os.getpgid(horse) != os.getpgid(parent.pid)
        assert horse in descendants(parent.pid)
    finally:
        kill_tree(parent.pid)
        parent.wait(30)
        parent.stdout.close()
    deadline = time.monotonic() + 30
    while _alive(horse) and time.monotonic() < deadline:  # waiting for init to reap it, not timing it
        time.sleep(0.05)
    assert not _alive(horse)
