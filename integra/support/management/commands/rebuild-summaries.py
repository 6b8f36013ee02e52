"""`integra rebuild-summaries [--check]`: recount the dashboards' summaries from the rows they summarise.

The database keeps them with every write (integra.support.marks, integra.projects.counts); this is for a
database restored or loaded by other means, or to prove them right: `--check` only compares and exits 1 when
any differs.
"""

from django.core.management.base import BaseCommand, CommandError

from integra.projects import counts
from integra.support import marks

# (name, what its rows are, the summary): the projects' tallies in the order they are rebuilt.
SUMMARIES = (
    ("attendance summary", "sessions with marks", marks),
    ("project counts", "figures", counts.PROJECT_COUNTS),
    ("years of people", "people and years", counts.PERSON_YEARS),
    ("centre counts", "figures", counts.CENTRE_YEAR_COUNTS),
)


class Command(BaseCommand):
    help = "Recount the dashboards' summaries (attendance per session, participations and people) (--check: compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare with a recount, change nothing")

    def handle(self, *args, **options):
        wrong = {name: summary.differences() for name, _rows, summary in SUMMARIES}
        if options["check"]:
            differing = [f"{name} for {len(wrong[name])} {rows}" for name, rows, _summary in SUMMARIES if wrong[name]]
            if differing:
                raise CommandError("differs from a recount: " + "; ".join(differing))
            self.stdout.write("every summary equals a recount")
            return
        for name, rows, summary in SUMMARIES:
            rebuilt = summary.rebuild()
            self.stdout.write(f"{name} rebuilt: {rebuilt} {rows} ({len(wrong[name])} were wrong)")
