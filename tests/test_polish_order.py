"""People's and staff's names are sorted in Polish order (Ł after L, Ś after S, Ż last) wherever a list shows them.

The database's own collation is C.UTF-8 or binary: there "Łukasz" and "Żak" come after "Zięba". Every ordering by a
name goes through `integra.core.collation.polish`; the scan below fails for one that does not.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from integra.people.models import Participant
from integra.people.tests.factories import ParticipantFactory
from integra.projects.tests.factories import ParticipationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

SURNAMES = ["Łukasz", "Lucyna", "Sowa", "Śliwa", "Szulc", "Zięba", "Żak", "Źrebiec", "Adamek"]
POLISH = ["Adamek", "Lucyna", "Łukasz", "Sowa", "Szulc", "Śliwa", "Zięba", "Źrebiec", "Żak"]

ROOT = Path(__file__).resolve().parent.parent / "integra"
# An order_by(...) call (one level of nested parentheses) or a Meta ordering list.
ORDERINGS = re.compile(r"order_by\((?:[^()]|\([^()]*\))*\)|ordering\s*=\s*\[[^\]]*\]", re.DOTALL)
BARE_NAME = re.compile(r"""(?<!polish\()["'](?:\w+__)?(?:last_name|first_name)["']""")


def test_no_name_is_sorted_in_the_databases_own_collation():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or "testing" in parts:
            continue
        for match in ORDERINGS.finditer(path.read_text()):
            if BARE_NAME.search(match.group(0)):
                found.append(f"{path.relative_to(ROOT)}: {' '.join(match.group(0).split())[:120]}")
    assert found == []


def test_people_come_in_polish_order_by_default(centre_a):
    for surname in SURNAMES:
        ParticipantFactory(institution=centre_a, last_name=surname, first_name="Anna")
    assert [p.last_name for p in Participant.objects.filter(institution=centre_a)] == POLISH


def test_the_project_page_lists_its_people_in_polish_order(coordinator):
    project = ProjectFactory(institution=coordinator.institution)
    for surname in SURNAMES:
        ParticipationFactory(project=project, participant__last_name=surname, participant__first_name="Anna")
    response = coordinator.client.get(reverse("projects:project-detail", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert sorted(SURNAMES, key=html.index) == POLISH
