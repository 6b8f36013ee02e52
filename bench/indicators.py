"""EU common indicators (2021–2027) for one project and for the whole region, against hand-written SQL.

The figure is `integra.reports.indicators.compute_indicators` (the code behind the indicator
screens, the report CLI and the regional view); the floor is one hand-written SQL query computing
the same 23 indicators by sex (totals summed). The two must agree number for number.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/integra_bench .venv/bin/python bench/indicators.py
"""

from __future__ import annotations

import argparse
import sys
import time

from common import bench_membership, bench_region, median, record, setup_django

# Each indicator as a hand-written SQL condition over the row `x` built in FLOOR_SQL.
CONDITIONS = {
    "EECO01": "x.labour_status IN ('registered_unemployed', 'unregistered_unemployed')",
    "EECO02": "x.labour_status IN ('registered_unemployed', 'unregistered_unemployed') AND x.long_term_unemployed",
    "EECO03": "x.labour_status = 'inactive'",
    "EECO04": "x.labour_status = 'employed'",
    "EECO05": "x.age < 18",
    "EECO06": "x.age BETWEEN 18 AND 29",
    "EECO07": "x.age >= 55",
    "EECO08": "x.education IN ('isced0', 'isced1', 'isced2')",
    "EECO09": "x.education IN ('isced3', 'isced4')",
    "EECO10": "x.education = 'isced5_8'",
    "EECO11": "TRUE",
    "EECO12": "x.disability = 'yes'",
    "EECO13": "x.third_country_national",
    "EECO14": "x.foreign_background = 'yes'",
    "EECO15": "x.minority = 'yes'",
    "EECO16": "x.homeless = 'yes'",
    "EECO17": "x.degurba = 3",
    "EECR01": "x.situation = 'job_searching'",
    "EECR02": "x.situation = 'education'",
    "EECR03": "x.situation = 'qualification'",
    "EECR04": "x.situation IN ('employment_contract', 'self_employment')",
    "EECR05": "x.employed_6m",
    "EECR06": "x.improved_6m",
}
SEX_SQL = (("women", "F"), ("men", "M"), ("non_binary", "X"))

FLOOR_SQL = """
SELECT {aggregates} FROM (
    SELECT p.sex, p.labour_status, p.long_term_unemployed, p.education, p.disability, p.third_country_national,
           p.foreign_background, p.minority, p.homeless, p.degurba,
           date_part('year', age(pa.start_on, p.birth_date)) AS age,
           s.kind AS situation,
           COALESCE(f.employed, FALSE) AS employed_6m,
           COALESCE(f.improved_situation, FALSE) AS improved_6m
    FROM projects_participation pa
    JOIN people_participant p ON p.id = pa.participant_id
    LEFT JOIN outcomes_exit e ON e.participation_id = pa.id
    LEFT JOIN LATERAL (
        SELECT r.kind FROM outcomes_result r
        WHERE r.participation_id = pa.id
          AND r.kind IN ('job_searching', 'education', 'qualification', 'employment_contract', 'self_employment', 'other')
          AND r.achieved_on BETWEEN COALESCE(e.exit_on, pa.end_on) AND COALESCE(e.exit_on, pa.end_on) + 28
        ORDER BY r.achieved_on DESC, r.id DESC LIMIT 1
    ) s ON TRUE
    LEFT JOIN outcomes_followup f ON f.participation_id = pa.id AND f.kind = '6m'  -- at most one per kind
    WHERE {where}
) x
"""


def floor_query(where: str) -> str:
    """23 counts per sex (GROUP BY), the totals summed in Python: a quarter of the FILTER clauses."""
    counts = ", ".join(f"count(*) FILTER (WHERE {condition})" for condition in CONDITIONS.values())
    return FLOOR_SQL.format(where=where, aggregates=f"x.sex, {counts}") + " GROUP BY x.sex"


def floor_values(where: str, params: list) -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(floor_query(where), params)
        rows = {sex: counts for sex, *counts in cursor.fetchall()}
    values = {}
    for index, code in enumerate(CONDITIONS):
        for key, sex in SEX_SQL:
            values[f"{code}__{key}"] = rows[sex][index] if sex in rows else 0
        values[f"{code}__total"] = sum(values[f"{code}__{key}"] for key, _ in SEX_SQL)
    return values


def code_values(participations) -> dict[str, int]:
    from integra.reports.indicators import PERIOD_2021_2027, compute_indicators

    values = {}
    for v in compute_indicators(participations, PERIOD_2021_2027):
        values.update(
            {
                f"{v.code}__total": v.total,
                f"{v.code}__women": v.women,
                f"{v.code}__men": v.men,
                f"{v.code}__non_binary": v.non_binary,
            }
        )
    return values


def project_case(project):
    """(queryset, SQL where, params) of one project, the way the project screen selects it."""
    from integra.reports.indicators import project_participations

    return (
        project_participations(project),
        "pa.institution_id = %s AND pa.project_id = %s",
        [project.institution_id, project.pk],
    )


def region_case(region):
    """Every 2021–2027 participation of every centre the region supervises (the regional view's selection)."""
    from integra.projects.models import Participation
    from integra.reports.queries import supervised_centres

    centres = list(supervised_centres(region).values_list("pk", flat=True))
    queryset = Participation.objects.filter(institution_id__in=centres, project__programme_period="2021-2027")
    where = (
        "pa.institution_id = ANY(%s) AND pa.project_id IN "
        "(SELECT id FROM projects_project WHERE programme_period = '2021-2027')"
    )
    return queryset, where, [centres]


def largest_project(institution_id: int):
    from django.db.models import Count

    from integra.projects.models import Project

    return (
        Project.objects.filter(institution_id=institution_id)
        .annotate(n=Count("participations"))
        .order_by("-n", "id")
        .first()
    )


def compare(case, runs: int) -> dict:
    queryset, where, params = case
    code_times, floor_times = [], []
    for _ in range(runs):
        started = time.perf_counter()
        ours = code_values(queryset)
        code_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        theirs = floor_values(where, params)
        floor_times.append(time.perf_counter() - started)
    differing = {k: (ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]}
    return {
        "seconds": median(code_times),
        "floor": median(floor_times),
        "differing": differing,
        "participations": ours["EECO11__total"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs of each; the median is reported")
    args = parser.parse_args()
    setup_django()
    membership = bench_membership()
    project = largest_project(membership.institution_id)
    lines = []
    agree = True
    for label, case, target, ratio_target in (
        (f"one project ({project.code})", project_case(project), 0.5, None),
        ("whole region", region_case(bench_region()), 3.0, 2.0),
    ):
        result = compare(case, args.runs)
        agree &= not result["differing"]
        ratio = result["seconds"] / result["floor"]
        wanted = f"target ≤ {target} s" + (f" and ≤ {ratio_target}× the SQL floor" if ratio_target else "")
        lines.append(
            f"{label}, {result['participations']:,} participations: **{result['seconds']:.3f} s** (median of {args.runs}); "
            f"hand-written SQL {result['floor']:.3f} s; **ratio {ratio:.2f}×** ({wanted}); "
            + (
                "numbers agree (23 indicators × total/women/men/non-binary)"
                if not result["differing"]
                else f"numbers DIFFER: {result['differing']}"
            )
        )
        print(lines[-1], flush=True)
    record("EU indicators: one project and the whole region", lines)
    if not agree:
        raise SystemExit("the code and the hand-written SQL disagree")


if __name__ == "__main__":
    sys.exit(main())
