"""`make test` on a fresh machine: the Makefile's chromium target installs Debian's chromium when it is missing
and apt-get can be used as root, or stops with one line saying what to install (issue 15, point 8).

Run against fake `id` and `apt-get` on a PATH of their own, so nothing is installed or removed here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def _fake_bin(tmp_path: Path, *, uid: int, apt_get: bool) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    if apt_get:
        # Records each call; "install" puts an executable where chromium is expected, as the package would.
        (bin_dir / "apt-get").write_text(
            '#!/bin/sh\necho "$@" >> "$APT_LOG"\n'
            'if [ "$1" = install ]; then printf "#!/bin/sh\\n" > "$FAKE_CHROMIUM"; /bin/chmod +x "$FAKE_CHROMIUM"; fi\n'
        )
    for script in bin_dir.iterdir():
        script.chmod(0o755)
    return bin_dir


def _make_chromium(tmp_path: Path, bin_dir: Path) -> subprocess.CompletedProcess:
    chromium = tmp_path / "chromium"
    env = {"PATH": str(bin_dir), "APT_LOG": str(tmp_path / "apt.log"), "FAKE_CHROMIUM": str(chromium)}
    return subprocess.run(
        [shutil.which("make"), "--no-print-directory", "-C", str(ROOT), "chromium", f"CHROMIUM={chromium}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_root_with_apt_get_installs_chromium(tmp_path):
    result = _make_chromium(tmp_path, _fake_bin(tmp_path, uid=0, apt_get=True))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "apt.log").read_text().splitlines() == ["update", "install -y chromium"]
    assert (tmp_path / "chromium").exists()


def test_without_root_it_stops_with_one_line_saying_what_to_install(tmp_path):
    result = _make_chromium(tmp_path, _fake_bin(tmp_path, uid=1000, apt_get=True))
    assert result.returncode != 0
    assert not (tmp_path / "apt.log").exists()
    lines = [line for line in result.stderr.splitlines() if not line.startswith(("make:", "make["))]
    assert lines == [
        f"make test needs Debian's chromium at {tmp_path / 'chromium'}: install it as root with 'apt-get install chromium'"
    ]


def test_without_apt_get_it_stops_with_the_same_line(tmp_path):
    result = _make_chromium(tmp_path, _fake_bin(tmp_path, uid=0, apt_get=False))
    assert result.returncode != 0
    assert "install it as root with 'apt-get install chromium'" in result.stderr


def test_present_chromium_is_left_alone(tmp_path):
    bin_dir = _fake_bin(tmp_path, uid=0, apt_get=True)
    (tmp_path / "chromium").write_text("#!/bin/sh\n")
    (tmp_path / "chromium").chmod(0o755)
    result = _make_chromium(tmp_path, bin_dir)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "apt.log").exists()
