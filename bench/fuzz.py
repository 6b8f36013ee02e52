"""Full hostile-input run: ≥ 10,000 generated inputs across the participant form, the participant-sheet
importer and the exports (integra/privacy/tests/test_hostile_input.py), 0 server errors allowed.

    .venv/bin/python bench/fuzz.py            # about 10-15 minutes on one core
    # same as: INTEGRA_FUZZ=full .venv/bin/python -m pytest -q -m fuzz integra/privacy/tests/test_hostile_input.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    env = dict(os.environ, INTEGRA_FUZZ="full")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-m",
        "fuzz",
        "--hypothesis-show-statistics",
        "integra/privacy/tests/test_hostile_input.py",
        *sys.argv[1:],
    ]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
