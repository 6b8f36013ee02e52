#!/usr/bin/env bash
# Turn an empty PostgreSQL data directory on the replica host into a streaming replica of the primary.
#   make-standby.sh PRIMARY_HOST DATA_DIR [SLOT]
# Run as the postgres user on the replica host, with the cluster stopped. The slot makes the primary keep
# WAL the replica has not received yet (bounded by max_slot_wal_keep_size). The same steps, on one machine,
# are what .ci/replica does for the replica tests.
set -euo pipefail
primary="$1"; data="$2"; slot="${3:-integra_reporting}"
test -z "$(ls -A "$data" 2>/dev/null)" || { echo "$data is not empty" >&2; exit 1; }
pg_basebackup -h "$primary" -U replicator -c fast -R -X stream -C -S "$slot" -D "$data" -P
echo "Standby prepared in $data; start PostgreSQL, then: psql -c 'SELECT pg_is_in_recovery()' (t)."
echo "Set INTEGRA_REPLICA_URL=postgres://integra:...@<this host>:5432/integra on the app servers."
