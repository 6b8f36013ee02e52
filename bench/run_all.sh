#!/usr/bin/env bash
# Every benchmark figure from a clean clone: a fresh PostgreSQL database, the 200,000-person regional
# dataset, then each benchmark once. See bench/README.md.
#
#   make bench                                   # or: bash bench/run_all.sh
#   BENCH_DB=integra_bench BENCH_PG=postgres://postgres@127.0.0.1:5432 make bench
#   BENCH_KEEP_DB=1 make bench                   # reuse an already loaded database
#
# Run it alone: it measures only when the 1-minute load average is at most BENCH_MAX_LOAD (1.0), waiting at
# most BENCH_SETTLE_SECONDS (300) before the run and before each block, and otherwise stops without writing
# a figure. The run's blocks replace only the generated section of bench/RESULTS.md (between its
# "make bench" markers), once every block has finished; the hand-written sections around it are kept.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
INTEGRA=.venv/bin/integra
BENCH_DB=${BENCH_DB:-integra_bench}
BENCH_PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
export DATABASE_URL="$BENCH_PG/$BENCH_DB"

sql() {  # sql DATABASE_URL STATEMENT: one statement outside a transaction (CREATE/DROP DATABASE, VACUUM)
  "$PY" -c 'import sys, psycopg; c = psycopg.connect(sys.argv[1], autocommit=True); c.execute(sys.argv[2]); c.close()' "$1" "$2"
}

echo "== waiting for a quiet machine (1-minute load average at most ${BENCH_MAX_LOAD:-1.0})"
"$PY" bench/common.py quiet
START_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
START_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')

"$INTEGRA" compiletranslations >/dev/null
# Byte-compile integra as `pip install .` does for a deployment: with PYTHONDONTWRITEBYTECODE set, an editable
# checkout would otherwise compile every module from source at each start (bench/startup.py, bench/import_cli.py).
"$PY" -m compileall -q integra >/dev/null
if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
  echo "== fresh database $BENCH_DB"
  sql "$BENCH_PG/postgres" "DROP DATABASE IF EXISTS $BENCH_DB"
  sql "$BENCH_PG/postgres" "CREATE DATABASE $BENCH_DB"
  "$INTEGRA" migrate --noinput >/dev/null
  echo "== integra bench-data --centres 300 --participants 200000 --seed 1"
  "$INTEGRA" bench-data --centres 300 --participants 200000 --seed 1 --quiet
  sql "$DATABASE_URL" "VACUUM ANALYZE"
fi

# The blocks go to a file of their own; RESULTS.md changes only when every block has run.
# BENCH_KEEP_SECTION=FILE keeps the blocks in FILE (kept after the run, so an interrupted run's blocks can be read).
if [ -n "${BENCH_KEEP_SECTION:-}" ]; then
  BENCH_SECTION_FILE=$BENCH_KEEP_SECTION
else
  BENCH_SECTION_FILE=$(mktemp "${TMPDIR:-/tmp}/integra-bench-section.XXXXXX")
  trap 'rm -f "$BENCH_SECTION_FILE"' EXIT
fi
export BENCH_SECTION_FILE
cat > "$BENCH_SECTION_FILE" <<HEADER
## One run of make bench

One run of \`bench/run_all.sh\` (database \`$BENCH_DB\`: \`integra bench-data --centres 300 --participants
200000 --seed 1\`), started $START_DATE with load average $START_LOAD on $(nproc) cores, nothing else
running. Each block starts only at a 1-minute load average ≤ ${BENCH_MAX_LOAD:-1.0} and gives the load before
and after it, and its wall and CPU time.

HEADER

cd bench
"../$PY" startup.py
"../$PY" list_search.py
"../$PY" components.py  # the screen components' own cost (no database; --cotton PATH adds django-cotton)
"../$PY" screens.py
"../$PY" dashboards.py
"../$PY" attendance.py
"../$PY" indicators.py
"../$PY" import_sheet.py
"../$PY" import_cli.py  # issue 26: 30,000 new people through `integra import participants`, start-up included
"../$PY" export_sheet.py
[ -f what_works.py ] && "../$PY" what_works.py  # issue 9, when present
"../$PY" load.py
# deploy/ sizes gunicorn for 2 cores by this measurement: processes x threads (gthread) beside the sync default.
for size in ${BENCH_LOAD_SIZES:-3x4 2x8}; do "../$PY" load.py --workers "${size%x*}" --threads "${size#*x}"; done
# The other issues' figures too, so that the section holds one run of everything.
if [ -f demo_data.py ]; then "../$PY" demo_data.py || [ $? = 1 ]; fi  # fresh SQLite; 1 = over its limit, written
env -u DATABASE_URL "../$PY" summary_pdf.py  # the demo's LEZ-CNA-2011 summary PDF, on a fresh SQLite demo of its own
if [ "${BENCH_FUZZ:-0}" = 1 ] && [ -f fuzz.py ]; then "../$PY" fuzz.py; fi  # 10-15 minutes; opt in
cd ..
"$PY" bench/common.py splice bench/RESULTS.md "$BENCH_SECTION_FILE"
echo "== figures in the generated section of bench/RESULTS.md"
