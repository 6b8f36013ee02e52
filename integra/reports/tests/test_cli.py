import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from integra.reports.tests.edge_project import EXPECTED, build_edge_project

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_indicators_json_has_the_documented_shape(centre_a):
    build_edge_project(centre_a)
    data = json.loads(run("indicators", "--project", "EDGE-1", "--format", "json"))
    assert list(data) == ["project", "participants", "indicators", "programme_period"]
    assert data["project"] == "EDGE-1" and data["participants"] == 8 and data["programme_period"] == "2021-2027"
    first = data["indicators"][0]
    assert list(first) == ["code", "name", "total", "women", "men", "non_binary"]
    assert {r["code"]: (r["total"], r["women"], r["men"], r["non_binary"]) for r in data["indicators"]} == EXPECTED


def test_unknown_project_is_a_clear_error(centre_a):
    with pytest.raises(CommandError, match="Unknown project code: NOPE"):
        run("indicators", "--project", "NOPE")


def test_pdf_format_needs_an_output_file(centre_a):
    build_edge_project(centre_a)
    with pytest.raises(CommandError, match="--out"):
        run("indicators", "--project", "EDGE-1", "--format", "pdf")
