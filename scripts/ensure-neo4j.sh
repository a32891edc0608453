#!/usr/bin/env bash
# Starts the local Neo4j (neo4j-local/neo4jctl) unless a server already
# answers at NEO4J_URI. A URI that points at another machine (a cluster,
# Aura) is left alone: the API waits for it and says so on /readyz.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
uri="${NEO4J_URI:-bolt://127.0.0.1:${NEO4J_BOLT_PORT:-7687}}"
hostport="${uri#*://}"
hostport="${hostport%%/*}"
host="${hostport%:*}"
port="${hostport##*:}"
[ "$port" = "$hostport" ] && port=7687
if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  echo "neo4j: a server already answers at $host:$port"
  exit 0
fi
case "$host" in
  127.0.0.1|localhost|::1) ;;
  *) echo "neo4j: nothing answers at $uri; it is not local, so not starting one"; exit 0 ;;
esac
NEO4J_BOLT_PORT="$port" exec "$here/../neo4j-local/neo4jctl" start
