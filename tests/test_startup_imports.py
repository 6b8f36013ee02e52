"""A bare start imports no heavy library (issue 16: every `integra` command and app process starts in ≤ 1 s).

statsmodels, reportlab, numpy, openpyxl (tests only) and pandas cost 2-4 s of start-up together; they are
imported inside the functions that use them (docs/DEVELOPING.md, "Heavy libraries"). Each check runs
in a fresh interpreter, because this test process has long imported them all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("statsmodels", "reportlab", "numpy", "openpyxl", "pandas", "scipy", "segno", "PIL")
# The SMS gateway's client and the HTTP library under it (50-70 ms): only sending a text needs them. The web
# process imports requests anyway (Django REST framework does), so they are pinned out of the bare start only.
SENDING = ("requests", "smsapi")

PRELUDE = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "integra.settings"
import django
django.setup()
"""
EPILOGUE = f"""
print(json.dumps(sorted(m for m in {HEAVY + SENDING!r} if m in sys.modules)))
"""

STARTS = {
    # What every command loads before it runs (`integra help`, the job worker): settings, apps, models, ready().
    "settings and apps": "",
    # What a web or worker process loads before its first request: settings, apps, models, every URL.
    "app process (URL configuration)": "import integra.urls\nimport integra.wsgi",
    # What `integra help` and every command's start load: each command's module and its parser,
    # including the reports' discovery behind `integra report`.
    "every integra command": """
from django.core.management import get_commands, load_command_class
for name, app in get_commands().items():
    command = load_command_class(app, name)
    command.create_parser("integra", name)
""",
    # `integra check`: the system checks walk the URL configuration and every model.
    "integra check": """
from django.core import checks
import integra.urls
checks.run_checks(tags=[checks.Tags.urls, checks.Tags.templates, checks.Tags.translation])
""",
}


@pytest.mark.parametrize("start", list(STARTS))
def test_a_bare_start_imports_no_heavy_library(start):
    code = PRELUDE + STARTS[start] + EPILOGUE
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "integra.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    imported = json.loads(done.stdout.strip().splitlines()[-1])
    assert [m for m in imported if m in HEAVY or start == "settings and apps"] == []


def test_the_check_sees_a_heavy_import():
    """The same subprocess reports a heavy library once something imports it (the test can fail)."""
    code = PRELUDE + "import integra.core.pdf\nintegra.core.pdf.Document(title='x')\n" + EPILOGUE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "reportlab" in json.loads(done.stdout.strip().splitlines()[-1])


def test_the_check_sees_the_sms_client():
    """Sending a text imports the SMS client, which the bare start is pinned not to (the test can fail)."""
    code = PRELUDE + "from smsapi.client import Client\n" + EPILOGUE
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert {"requests", "smsapi"} <= set(json.loads(done.stdout.strip().splitlines()[-1]))


def run(code: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "integra.settings"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_a_command_freezes_what_it_loaded_before_the_interpreter_exits():
    """Python's exit would walk every object of the start in four full collections (0.3 s): `integra` freezes them."""
    code = """
import atexit, gc, sys
atexit.register(lambda: print(gc.get_freeze_count()))  # runs after main() has returned
sys.argv = ["integra", "help"]
from integra.manage import main
main()
"""
    assert int(run(code)) > 50_000


@pytest.mark.parametrize("entry", ["integra.wsgi", "integra.asgi"])
def test_an_app_process_loads_every_view_at_its_start_and_freezes_it(entry):
    code = f"import gc, sys\nimport {entry}\nprint(gc.get_freeze_count(), 'integra.people.views' in sys.modules)"
    frozen, views = run(code).split()
    assert int(frozen) > 50_000
    assert views == "True"
