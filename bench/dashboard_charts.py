"""Drawing time of one dashboard's six charts: hand-built SVG (screens) and the same figures drawn by reportlab
into a one-page PDF (the report PDFs). Before issue 25 the PDFs embedded PNGs drawn by a plotting library (about 3.8 s for six).

The figures (SQL) are the same for both paths, so only the drawing is timed, on charts shaped like a
project dashboard's: 24 months over time, 8 eligibility groups, 4 labour statuses, 12 months of
attendance, 8 outcome kinds, 5 targets.

    .venv/bin/python bench/dashboard_charts.py
"""

from __future__ import annotations

import time
from decimal import Decimal

from common import setup_django


def charts():
    from integra.reports.dashboard import Chart

    months = [f"{m:02d}.{2011 + (m - 1) // 12}" for m in range(1, 25)]
    return [
        Chart(
            "over_time",
            "Uczestnicy w czasie",
            ("miesiąc", "wejścia", "wyjścia", "w projekcie"),
            [(m, i % 5, i % 3, 10 + i) for i, m in enumerate(months)],
            kind="line",
        ),
        Chart("groups", "Uczestnicy według grup", ("grupa", "osoby"), [(f"grupa {i}", i * 3) for i in range(8)]),
        Chart(
            "labour_status", "Status na rynku pracy", ("status", "osoby"), [(f"status {i}", i * 7) for i in range(4)]
        ),
        Chart(
            "attendance",
            "Frekwencja",
            ("miesiąc", "obecni", "na listach", "frekwencja (%)"),
            [(m, 40, 50, Decimal("80.00")) for m in months[:12]],
        ),
        Chart("outcomes", "Rezultaty", ("rezultat", "osoby"), [(f"rezultat {i}", i) for i in range(8)]),
        Chart("targets", "Cele", ("wskaźnik", "cel", "osiągnięto"), [(f"cel {i}", 20, 15 + i) for i in range(5)]),
    ]


def best_of(runs: int, draw) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for chart in charts():
            draw(chart)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    setup_django()
    from integra.core.pdf import Document
    from integra.reports import dashboard

    def pdf_page(chart) -> bytes:
        return Document(title=chart.title).chart(dashboard.figure(chart)).render()

    pdf_page(charts()[0])  # import reportlab and read the fonts once, as a warm server would have
    print(f"hand-built SVG, 6 charts: {best_of(5, dashboard.render_svg):.2f} ms (best of 5)")
    print(f"reportlab vector drawing, 6 one-page PDFs: {best_of(5, pdf_page):.1f} ms (best of 5)")


if __name__ == "__main__":
    main()
