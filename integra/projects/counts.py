# ruff: noqa: S608 - the SQL here is constants of this module; no value is interpolated
"""The dashboards' counts of participations and people, kept by the database (integra.core.tallies).

- `PROJECT_COUNTS` (`ProjectCount`): per project, participations entered, entered and still open, and exited
  per day, and per sex, disability answer, household, labour-market status and eligibility group of the person
  — the project dashboard's figures (a person counts once per project: one participation each);
- `PERSON_YEARS` (`PersonYear`): per centre, person and calendar year, how many of the person's participations
  in the centre's projects run in that year (Participation.objects.running_between: from the entry to the
  exit, else to the project's end);
- `CENTRE_YEAR_COUNTS` (`CentreYearCount`): per centre and year, the people taking part in it — in total and
  per sex, disability answer, labour-market status (the centre's own people) and eligibility group: the centre
  dashboard's figures, each person once however many projects they take part in.

They change when a participation, a project's end, a participant or one of their groups is written — by a
screen, the API, an import (COPY included), a job, a bulk exit, anonymisation, a delete or a JSON restore —
and triggers keep them in the transaction of that write.
"""

from __future__ import annotations

from integra.core.tallies import Source, Tally

PARTICIPATION = Source(
    "projects_participation", "pa", ("institution_id", "project_id", "participant_id", "start_on", "end_on")
)
PROJECT = Source("projects_project", "pr", ("id", "end_on"))
PERSON = Source(
    "people_participant", "p", ("id", "institution_id", "sex", "disability", "household_id", "labour_status")
)
GROUP = Source("people_participantgroup", "g", ("institution_id", "participant_id", '"group"'))
PERSON_YEAR = Source("projects_personyear", "py", ("institution_id", "participant_id", "year"))

# The earliest and latest year SQLite counts a participation in (PostgreSQL: any); the programmes Integra
# knows start in 2007.
SQLITE_YEARS = (1990, 2099)


def _fragments(vendor: str) -> dict[str, str]:
    if vendor == "postgresql":
        return {
            "start": "to_char(pa.start_on, 'YYYY-MM-DD')",
            "end": "to_char(pa.end_on, 'YYYY-MM-DD')",
            "years": "CROSS JOIN LATERAL generate_series(EXTRACT(YEAR FROM pa.start_on)::int, "
            "EXTRACT(YEAR FROM COALESCE(pa.end_on, pr.end_on))::int) AS ys(y)",
        }
    first, last = SQLITE_YEARS
    return {
        "start": "pa.start_on",
        "end": "pa.end_on",
        "years": f"JOIN (WITH RECURSIVE ys(y) AS (SELECT {first} UNION ALL SELECT y + 1 FROM ys WHERE y < {last}) "
        "SELECT y FROM ys) AS ys ON ys.y BETWEEN CAST(strftime('%Y', pa.start_on) AS INTEGER) "
        "AND CAST(strftime('%Y', COALESCE(pa.end_on, pr.end_on)) AS INTEGER)",
    }


def _figures(*names: str) -> str:
    """A relation of one column, `figure`, a row per name: a part joins it to count a row under several figures
    with one probe of the tables it reads (a part per figure probes them once each: 4 index probes a row)."""
    return "(" + " UNION ALL ".join(f"SELECT '{name}' AS figure" for name in names) + ")"


_PA, _PA_P, _PA_G = frozenset({"pa"}), frozenset({"pa", "p"}), frozenset({"pa", "g"})
_PERSON_JOIN = "FROM {pa} AS pa JOIN {p} AS p ON p.id = pa.participant_id"
_PROJECT_KEY = "SELECT pa.institution_id, pa.project_id"

PROJECT_COUNTS = Tally(
    table="projects_projectcount",
    key=("institution_id", "project_id", "figure", "value"),
    sources=(PARTICIPATION, PERSON, GROUP),
    parts=(
        (_PA, _PROJECT_KEY + ", 'entry' AS figure, {start} AS value FROM {pa} AS pa"),
        (_PA, _PROJECT_KEY + ", 'open' AS figure, {start} AS value FROM {pa} AS pa WHERE pa.end_on IS NULL"),
        (_PA, _PROJECT_KEY + ", 'exit' AS figure, {end} AS value FROM {pa} AS pa WHERE pa.end_on IS NOT NULL"),
        # One probe of the person for the four figures of them (not one each): a row per figure that applies.
        (
            _PA_P,
            _PROJECT_KEY + ", f.figure, CASE f.figure WHEN 'sex' THEN p.sex WHEN 'disability' THEN p.disability "
            "WHEN 'household' THEN CAST(p.household_id AS TEXT) ELSE p.labour_status END AS value "
            f"{_PERSON_JOIN} JOIN {_figures('sex', 'disability', 'household', 'labour')} AS f "
            "ON f.figure IN ('sex', 'disability') OR (f.figure = 'household' AND p.household_id IS NOT NULL) "
            # The labour-market chart counts the centre's own people only (integra.reports.dashboard).
            "OR (f.figure = 'labour' AND p.institution_id = pa.institution_id)",
        ),
        (
            _PA_G,
            _PROJECT_KEY + ", 'group' AS figure, g.\"group\" AS value FROM {pa} AS pa JOIN {g} AS g "
            "ON g.participant_id = pa.participant_id AND g.institution_id = pa.institution_id",
        ),
    ),
    fragments=_fragments,
)

PERSON_YEARS = Tally(
    table="projects_personyear",
    key=("institution_id", "participant_id", "year"),
    count="participations",
    sources=(PARTICIPATION, PROJECT),
    parts=(
        (
            frozenset({"pa", "pr"}),
            "SELECT pa.institution_id, pa.participant_id, ys.y AS year "
            "FROM {pa} AS pa JOIN {pr} AS pr ON pr.id = pa.project_id {years}",
        ),
    ),
    fragments=_fragments,
)

_PY_P, _PY_G = frozenset({"py", "p"}), frozenset({"py", "g"})

CENTRE_YEAR_COUNTS = Tally(
    table="projects_centreyearcount",
    key=("institution_id", "year", "figure", "value"),
    count="people",
    sources=(PERSON_YEAR, PERSON, GROUP),
    parts=(
        (
            _PY_P,
            "SELECT py.institution_id, py.year, f.figure, CASE f.figure WHEN 'sex' THEN p.sex "
            "WHEN 'disability' THEN p.disability WHEN 'labour' THEN p.labour_status ELSE '' END AS value "
            "FROM {py} AS py JOIN {p} AS p ON p.id = py.participant_id "
            f"CROSS JOIN {_figures('person', 'sex', 'disability', 'labour')} AS f "
            "WHERE p.institution_id = py.institution_id",
        ),
        (
            _PY_G,
            "SELECT py.institution_id, py.year, 'group' AS figure, g.\"group\" AS value FROM {py} AS py JOIN {g} AS g "
            "ON g.participant_id = py.participant_id AND g.institution_id = py.institution_id",
        ),
    ),
)

# In the order they are rebuilt: a tally after the one it reads.
TALLIES = (PROJECT_COUNTS, PERSON_YEARS, CENTRE_YEAR_COUNTS)

# A JSON restore (integra.privacy.backup) writes the rows whose triggers rebuild these tables: a dump's own
# rows of them are skipped.
DERIVED_TABLES = frozenset(tally.table for tally in TALLIES)
