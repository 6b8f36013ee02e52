"""What the screen toolkit's component layer costs on the participant list (issue 25, point 2).

Renders the participant list's fragment (people/_participant_rows.html: count, table, pager) with a page of
--rows rows (50 unless told) --repeat times each way, and prints the CPU time of one render:

- inlined: the table's markup written in the list's own template, as before the toolkit (the floor);
- include: the list as it is, `{% include "components/table.html" %}` with the rows built in Python;
- row template: the same component drawing each row through a template of its cells (the way a list whose
  rows are not built in Python uses it), beside the same per-cell loop written inline;
- cotton: the same table as a django-cotton component (`<c-participant-table>` with the rows in its slot),
  when `django_cotton` can be imported (not a dependency: put it on PYTHONPATH for the run, e.g.
  `pip download --no-deps django-cotton` unpacked into a folder; --cotton PATH adds that folder).

No database is read: the participants are unsaved rows made in memory, so only the template work is timed.

    .venv/bin/python bench/components.py [--rows 50] [--repeat 300] [--cotton PATH] [--print-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from common import median, record, setup_django

# The list's fragment before the toolkit: the table written inline (its rows already built in Python).
INLINED = """{% load i18n integra people %}
<p class="muted" id="participant-count">{% blocktranslate count counter=page.paginator.count %}{{ counter }} person{% plural %}{{ counter }} people{% endblocktranslate %}</p>
<div class="overflow-auto">
<table class="striped compact" id="participant-table">
  <thead><tr>
    <th>{% translate "Name" context "person" %}</th>
    {% if record %}<th>{% translate "PESEL" %}</th><th>{% translate "date of birth" %}</th>
    <th>{% translate "town" %}</th><th>{% translate "labour-market status" %}</th>
    {% if sensitive %}<th>{% translate "eligibility groups" %}</th><th>{% translate "disability" %}</th>{% endif %}
    {% else %}<th>{% translate "to tell people apart" %}</th>{% endif %}
  </tr></thead>
  <tbody>
  {% participant_rows page record sensitive subject_pages %}
  </tbody>
</table>
</div>
{% include "components/pager.html" %}
"""

# One row's cells through the template engine (what participant_rows replaced), as a row template ...
ROW = """{% load i18n integra %}<tr><td><a href="{% url 'people:participant-detail' row.pk %}" id="person-{{ row.pk }}">{{ row.last_name }} {{ row.first_name }}</a></td>
<td>{% if row.pesel %}{{ row.pesel }}{% else %}<span class="badge">{% translate "no PESEL" %}</span>{% endif %}</td>
<td>{{ row.birth_date|pldate }}</td><td>{{ row.locality }}</td><td>{{ row.get_labour_status_display }}</td></tr>
"""
BY_ROW_TEMPLATE = """{% load i18n integra people %}{% participant_headers record sensitive as headers %}
{% include "components/table.html" with rows=page headers=headers row_template="bench_components/row.html" label="x" empty="x" table_id="participant-table" table_class="striped compact" %}
{% include "components/pager.html" %}
"""
# ... and the same loop written inline in the list's template.
PER_CELL_INLINED = (
    """{% load i18n integra people %}<div class="overflow-auto"><table class="striped compact" id="participant-table">
<thead><tr>{% participant_headers record sensitive as headers %}{% for h in headers %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in page %}"""
    + ROW.removeprefix("{% load i18n integra %}")
    + """{% endfor %}</tbody></table></div>{% include "components/pager.html" %}
"""
)

# The table as a django-cotton component: attributes in, the rows in the slot.
COTTON_COMPONENT = """<c-vars label table_id table_class headers empty />{% if rows %}<figure class="overflow-auto" role="region" aria-label="{{ label }}" tabindex="0"><table class="{{ table_class }}" id="{{ table_id }}">
<thead><tr>{% for h in headers %}<th scope="col">{{ h }}</th>{% endfor %}</tr></thead>
<tbody>{{ slot }}</tbody></table></figure>{% else %}<p class="muted empty">{{ empty }}</p>{% endif %}
"""
COTTON_PAGE = """{% load i18n integra people %}
<p class="muted" id="participant-count">{% blocktranslate count counter=page.paginator.count %}{{ counter }} person{% plural %}{{ counter }} people{% endblocktranslate %}</p>
{% participant_headers record sensitive as headers %}
<c-participant-table label="Uczestnicy" :rows="page" :headers="headers" empty="x" table_id="participant-table" table_class="striped compact">{% participant_rows page record sensitive subject_pages %}</c-participant-table>
{% include "components/pager.html" %}
"""


def write_templates(folder: Path, cotton: bool) -> dict[str, str]:
    """The variants' templates in a folder of their own; their names by variant."""
    files = {
        "bench_components/inlined.html": INLINED,
        "bench_components/row.html": ROW,
        "bench_components/by_row_template.html": BY_ROW_TEMPLATE,
        "bench_components/per_cell_inlined.html": PER_CELL_INLINED,
    }
    names = {
        "inlined (floor)": "bench_components/inlined.html",
        "include components/table.html": "people/_participant_rows.html",
        "per-cell loop inlined": "bench_components/per_cell_inlined.html",
        "include, row template": "bench_components/by_row_template.html",
    }
    if cotton:
        files["cotton/participant_table.html"] = COTTON_COMPONENT
        files["bench_components/cotton.html"] = COTTON_PAGE
        names["django-cotton component"] = "bench_components/cotton.html"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return names


def templates_setting(folder: Path, cotton: bool) -> list[dict]:
    """TEMPLATES with the folder's templates beside the project's, through the cached loader (as in production);
    with cotton, its loader first (it compiles only templates that use `<c-…>`) and its tags built in."""
    from django.conf import settings

    loaders = ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"]
    options = dict(settings.TEMPLATES[0]["OPTIONS"])
    if cotton:
        loaders.insert(0, "django_cotton.cotton_loader.Loader")
        options["builtins"] = ["django_cotton.templatetags.cotton"]
    options["loaders"] = [("django.template.loaders.cached.Loader", loaders)]
    base = settings.TEMPLATES[0]
    return [{**base, "DIRS": [*base["DIRS"], folder], "APP_DIRS": False, "OPTIONS": options}]


def use_templates(folder: Path, cotton: bool) -> None:
    """Render through templates_setting() from now on (the engines are built anew)."""
    from django.conf import settings
    from django.template import engines

    settings.TEMPLATES = templates_setting(folder, cotton)
    engines._templates = None
    engines._engines = {}
    engines.__dict__.pop("templates", None)


def participants(count: int) -> list:
    """Unsaved participants with every cell of the list filled (no database)."""
    from integra.people.models import Participant

    return [
        Participant(
            pk=n + 1,
            first_name=f"Łucja {n}",
            last_name=f"Wójcik-Źrałek {n}",
            pesel=f"{90010112345 + n}" if n % 7 else None,
            birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=n),
            locality="Leżajsk",
            labour_status="registered_unemployed",
        )
        for n in range(count)
    ]


def cpu_per_render(template, context: dict, request, repeat: int) -> float:
    """Median CPU seconds of one render (after one render that fills the caches)."""
    template.render(context, request)
    times = []
    for _ in range(repeat):
        started = time.process_time()
        template.render(context, request)
        times.append(time.process_time() - started)
    return median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50, help="rows on the page")
    parser.add_argument("--repeat", type=int, default=300, help="measured renders of each variant")
    parser.add_argument("--cotton", default="", help="a folder holding the django_cotton package")
    parser.add_argument("--print-only", action="store_true", help="print the figures; write nothing to RESULTS.md")
    args = parser.parse_args()
    if args.cotton:
        sys.path.insert(0, args.cotton)
    setup_django()
    from django.core.paginator import Paginator
    from django.test import RequestFactory
    from django.utils import translation

    try:
        import django_cotton  # noqa: F401 - only whether it can be imported
    except ImportError:
        cotton = False
    else:
        cotton = True
    folder = Path(tempfile.mkdtemp(prefix="integra-bench-components-"))
    names = write_templates(folder, cotton)
    use_templates(folder, cotton)
    from django.template.loader import get_template

    translation.activate("pl")
    request = RequestFactory().get("/people/", {"page": "2"})
    page = Paginator(participants(args.rows * 3), args.rows).page(2)
    context = {"page": page, "record": True, "sensitive": False, "subject_pages": False}
    figures = {
        label: cpu_per_render(get_template(name), context, request, args.repeat) for label, name in names.items()
    }
    floor = figures["inlined (floor)"]
    lines = [
        f"the participant list's fragment (count, table, pager), a page of {args.rows} rows, median CPU time of "
        f"one render of {args.repeat}, cached template loader, Polish; no database"
        + ("" if cotton else "; django-cotton not importable, not measured")
    ]
    for label, seconds in figures.items():
        lines.append(
            f"{label}: {seconds * 1000:.2f} ms ({(seconds - floor) * 1000:+.2f} ms against the inlined table, "
            f"{seconds / args.rows * 1e6:.0f} µs a row)"
        )
    if args.print_only:
        print("\n".join(lines))
        return
    record("Screen components: the participant list through plain include and a component library", lines)


if __name__ == "__main__":
    sys.exit(main())
