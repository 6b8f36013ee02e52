#!/usr/bin/env bash
# Every benchmark figure from a clean clone: a fresh PostgreSQL database, the 200,000-person regional
# dataset, then each benchmark once, appending to a new bench/RESULTS.md. See bench/README.md.
#
#   make bench                                   # or: bash bench/run_all.sh
#   BENCH_DB=integra_bench BENCH_PG=postgres://postgres@127.0.0.1:5432 make bench
#   BENCH_KEEP_DB=1 make bench                   # reuse an already loaded database
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

"$INTEGRA" compiletranslations >/dev/null
if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
  echo "== fresh database $BENCH_DB"
  sql "$BENCH_PG/postgres" "DROP DATABASE IF EXISTS $BENCH_DB"
  sql "$BENCH_PG/postgres" "CREATE DATABASE $BENCH_DB"
  "$INTEGRA" migrate --noinput >/dev/null
  echo "== integra bench-data --centres 300 --participants 200000 --seed 1"
  "$INTEGRA" bench-data --centres 300 --participants 200000 --seed 1 --quiet
  sql "$DATABASE_URL" "VACUUM ANALYZE"
fi

cat > bench/RESULTS.md <<HEADER
# Benchmark results

One run of \`bench/run_all.sh\` (database \`$BENCH_DB\`: \`integra bench-data --centres 300 --participants
200000 --seed 1\`), started $(date -u '+%Y-%m-%d %H:%M UTC') with load average $(cut -d' ' -f1-3 /proc/loadavg)
on $(nproc) cores. Each block is appended by the command it names; targets are those of issues 7 and 16.

HEADER

cd bench
"../$PY" startup.py
"../$PY" list_search.py
"../$PY" screens.py
"../$PY" attendance.py
"../$PY" indicators.py
"../$PY" import_sheet.py
"../$PY" export_sheet.py
[ -f what_works.py ] && "../$PY" what_works.py  # issue 9, when present
"../$PY" load.py
# The other issues' figures too, so that RESULTS.md holds one run of everything.
[ -f demo_data.py ] && "../$PY" demo_data.py  # on a fresh SQLite file of its own
[ "${BENCH_FUZZ:-0}" = 1 ] && [ -f fuzz.py ] && "../$PY" fuzz.py  # 10-15 minutes; opt in
echo "== figures in bench/RESULTS.md"
true
