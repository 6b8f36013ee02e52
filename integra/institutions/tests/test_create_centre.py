"""`integra create-centre`: a new centre with its first administrator, or a clear refusal and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from integra.institutions.models import Institution, Membership, PopulationYear
from integra.institutions.tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "admin-password"
    path.write_text("Zielona-Łąka-2026!\n", encoding="utf-8")
    return path


def run(password_file, **overrides):
    options = {
        "slug": "nisko",
        "name": "Miejsko-Gminny Ośrodek Pomocy Społecznej w Nisku",
        "kind": "GOPS",
        "gmina": "Nisko",
        "powiat": "niżański",
        "voivodeship": "podkarpackie",
        "population": "22000",
        "admin_username": "nisko.admin",
        "admin_password_file": str(password_file),
    }
    options.update(overrides)
    args = [f"--{key.replace('_', '-')}={value}" for key, value in options.items()]
    return call_command("create-centre", *args)


def rows():
    return Institution.objects.count(), PopulationYear.objects.count(), User.objects.count(), Membership.objects.count()


def test_creates_centre_population_and_administrator(password_file, capsys):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, 0), tick=False):
        run(password_file)
    centre = Institution.objects.get(slug="nisko")
    assert (centre.name, centre.kind, centre.gmina, centre.powiat, centre.voivodeship, centre.population) == (
        "Miejsko-Gminny Ośrodek Pomocy Społecznej w Nisku",
        "GOPS",
        "Nisko",
        "niżański",
        "podkarpackie",
        22000,
    )
    assert list(centre.population_years.values_list("year", "population")) == [(2026, 22000)]
    membership = Membership.objects.get(institution=centre)
    assert (membership.user.username, membership.role) == ("nisko.admin", "administrator")
    assert membership.user.check_password("Zielona-Łąka-2026!")
    assert "Created centre nisko" in capsys.readouterr().out


def test_duplicate_slug_is_refused(password_file):
    InstitutionFactory(slug="nisko")
    before = rows()
    with pytest.raises(CommandError, match="nisko"):
        run(password_file)
    assert rows() == before


def test_short_password_is_refused_by_djangos_validators(tmp_path):
    weak = tmp_path / "weak"
    weak.write_text("krótkie1", encoding="utf-8")
    with pytest.raises(CommandError, match="admin_password"):
        run(weak)
    assert rows() == (0, 0, 0, 0)


def test_bad_slug_population_and_taken_username_are_all_reported(password_file):
    User.objects.create_user(username="nisko.admin", password="x")
    before = rows()
    with pytest.raises(CommandError) as info:
        run(password_file, slug="Nisko Miasto", population="0")
    text = str(info.value)
    assert "slug:" in text and "population:" in text and "admin_username:" in text
    assert rows() == before


def test_missing_password_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read the password file"):
        run(tmp_path / "missing")
    assert rows() == (0, 0, 0, 0)
