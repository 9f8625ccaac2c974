#!/usr/bin/env bash
# Starts or stops nginx as the TLS reverse proxy of docs/deploy.md in front of a `ferry serve`, for tests:
#   scripts/ferry-proxy.sh start DIR FERRY_PORT   -> prints the HTTPS port once nginx answers on it
#   scripts/ferry-proxy.sh stop DIR
# The server blocks are docs/deploy/nginx-ferry.conf itself, with only its example values replaced
# (ports on 127.0.0.1, server name ferry.test - clients resolve it to 127.0.0.1 themselves -, certificate paths, Ferry's port); a value the doc no
# longer has fails the start, so the doc and the test cannot drift apart. DIR holds the rendered
# config, a private CA (DIR/ca.pem, for clients to trust; scripts/test-ca.sh), pid, logs and
# temporary files; DIR/http_port is the port of the redirecting plain-HTTP server.
set -euo pipefail

usage="usage: ferry-proxy.sh start DIR FERRY_PORT | stop DIR"
cmd=${1:?$usage}
dir=$(mkdir -p "${2:?$usage}" && cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
template=${FERRY_NGINX_TEMPLATE:-$here/../docs/deploy/nginx-ferry.conf}
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

running() {
    [ -f "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null
}

case "$cmd" in
start)
    ferry_port=${3:?$usage}
    [[ $ferry_port =~ ^[0-9]+$ ]] || { echo "ferry-proxy: bad Ferry port '$ferry_port'" >&2; exit 2; }
    if running; then
        cat "$dir/port"
        exit 0
    fi
    case "$dir" in
    *[!A-Za-z0-9_./+-]*) echo "ferry-proxy: unsupported characters in $dir" >&2; exit 2 ;;
    esac
    mkdir -p "$dir/tmp"
    "$here/test-ca.sh" "$dir"
    port=$(free_port)
    http_port=$(free_port)

    # Every example value must be found: (text in the doc, what the test uses instead; "" drops the line).
    python3 - "$template" "$dir/ferry.conf" <<PY
import sys
text = open(sys.argv[1]).read()
swaps = [
    ("    listen [::]:80;\n", ""),
    ("    listen [::]:443 ssl http2;\n", ""),
    ("listen 80;", "listen 127.0.0.1:$http_port;"),
    ("listen 443 ssl http2;", "listen 127.0.0.1:$port ssl http2;"),
    ("server_name ferry.example.com;", "server_name ferry.test;"),
    ("/etc/ssl/ferry/fullchain.pem", "$dir/server.pem"),
    ("/etc/ssl/ferry/privkey.pem", "$dir/server.key"),
    ("http://127.0.0.1:8090;", "http://127.0.0.1:$ferry_port;"),
]
missing = [old.strip() for old, _ in swaps if old not in text]
if missing:
    sys.exit("ferry-proxy: docs/deploy/nginx-ferry.conf no longer has: " + "; ".join(missing))
for old, new in swaps:
    text = text.replace(old, new)
open(sys.argv[2], "w").write(text)
PY
    # As root, nginx would run its workers as `nobody`, which cannot write DIR.
    user_directive=""
    if [ "$(id -u)" = 0 ]; then
        user_directive="user root;"
    fi
    # What Debian's /etc/nginx/nginx.conf gives the server blocks, with every path inside DIR.
    cat >"$dir/nginx.conf" <<CONF
$user_directive
daemon on;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log notice;
events {
    worker_connections 512;
}
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server_tokens off;
    default_type application/octet-stream;
    include $dir/ferry.conf;
}
CONF
    echo "$port" >"$dir/port"
    echo "$http_port" >"$dir/http_port"
    rm -f "$dir/nginx.pid"
    if ! "$nginx" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/nginx.stderr"; then
        echo "ferry-proxy: nginx did not start; see $dir/error.log" >&2
        cat "$dir/nginx.stderr" >&2
        exit 1
    fi
    for _ in $(seq 1 100); do
        # Any HTTP status (502 while Ferry is not up yet) means nginx and TLS work.
        code=$(curl -s -o /dev/null -w '%{http_code}' --cacert "$dir/ca.pem" --resolve "ferry.test:$port:127.0.0.1" \
            "https://ferry.test:$port/" || true)
        if [ "$code" != "000" ]; then
            echo "$port"
            exit 0
        fi
        sleep 0.1
    done
    echo "ferry-proxy: no answer on https://ferry.test:$port within 10 s; see $dir/error.log" >&2
    tail -5 "$dir/error.log" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/nginx.pid" ]; then
        pid=$(cat "$dir/nginx.pid")
        workers=$(ps -o pid= --ppid "$pid" 2>/dev/null || true)
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        # shellcheck disable=SC2086 # one pid per word
        kill -9 "$pid" $workers 2>/dev/null || true
        rm -f "$dir/nginx.pid"
    fi
    ;;
*)
    echo "$usage" >&2
    exit 2
    ;;
esac
