#!/usr/bin/env bash
# Installs what is missing, builds Ferry, starts a local ClickHouse with demo data and the Ferry web app.
# Everything it keeps lives under .ferry/ in the checkout. Ctrl-C stops Ferry and the local ClickHouse.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

./scripts/setup.sh
./scripts/build.sh

state="$root/.ferry"
mkdir -p "$state/data"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ch_port=${FERRY_CLICKHOUSE_PORT:-$(cat "$state/clickhouse/http_port" 2>/dev/null || echo 8123)}
# A busy port is fine when it is our own server still running (the script then just reports it).
port_free "$ch_port" || [ -f "$state/clickhouse/pid" ] || ch_port=""
ch_port=$(./scripts/clickhouse-server.sh start "$state/clickhouse" $ch_port)
ch="http://127.0.0.1:$ch_port/"

# Demo data: three tables that join (orders -> customers, products) and a file to import.
sql() { curl -sSf "$ch" --data-binary "$1"; }
while IFS= read -r line; do [ -n "$line" ] && sql "$line" >/dev/null; done <scripts/demo/schema.sql
if [ "$(sql 'SELECT count() FROM orders')" = "0" ]; then
    while IFS= read -r line; do [ -n "$line" ] && sql "$line" >/dev/null; done <scripts/demo/data.sql
fi
cp -n scripts/demo/*.csv "$state/data/" 2>/dev/null || true

listen=${FERRY_LISTEN:-127.0.0.1:8080}
cleanup() { ./scripts/clickhouse-server.sh stop "$state/clickhouse"; }
trap cleanup EXIT
cat <<MSG

ClickHouse (demo data: customers, products, orders) is on http://127.0.0.1:$ch_port
Try the CLI in another terminal:
  build/ferry --port $ch_port tables
  build/ferry --port $ch_port export --table orders --join 'LEFT JOIN customers ON orders.customer_id = customers.id' \\
      --columns orders.id,customers.name,orders.amount --file /tmp/orders.csv
  build/ferry --port $ch_port import --file .ferry/data/people.csv --table people --create

Open Ferry in your browser: http://$listen  (files live in .ferry/data; Ctrl-C stops everything)
MSG
build/ferry serve --listen "$listen" --data-dir "$state/data" --web-dir "$root/web/dist"
