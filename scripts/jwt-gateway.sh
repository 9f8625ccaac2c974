#!/usr/bin/env bash
# Starts or stops a JWT gateway (nginx + njs) in front of a ClickHouse HTTP port, for tests and the demo:
# the way self-hosted servers accept the `Authorization: Bearer` tokens ClickHouse Cloud takes.
#   scripts/jwt-gateway.sh start DIR UPSTREAM_HTTP_PORT SECRET [--tls]  -> prints the port once it answers
#   scripts/jwt-gateway.sh stop DIR
# The gateway listens on a free port of 127.0.0.1, checks the HS256 signature (with SECRET), `exp` and `nbf`
# of the bearer token, and proxies to 127.0.0.1:UPSTREAM_HTTP_PORT as the user named by `sub`, with no
# password; anything else gets 401 and one line saying why (scripts/jwt-gateway/jwt.js).
# With --tls it serves HTTPS with a certificate for 127.0.0.1 and localhost from a private CA made in DIR by
# scripts/test-ca.sh:
# DIR/ca.pem is that CA (for clients to trust), DIR/other-ca.pem an unrelated one (for failure tests).
# DIR holds the config, secret, pid, logs and certificates; starting a running gateway just prints its port.
set -euo pipefail

usage="usage: jwt-gateway.sh start DIR UPSTREAM_HTTP_PORT SECRET [--tls] | stop DIR"
cmd=${1:?$usage}
dir=$(mkdir -p "${2:?$usage}" && cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
nginx=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
njs_module=${NJS_MODULE:-/usr/lib/nginx/modules/ngx_http_js_module.so}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

running() {
    [ -f "$dir/nginx.pid" ] && kill -0 "$(cat "$dir/nginx.pid")" 2>/dev/null
}

case "$cmd" in
start)
    upstream=${3:?$usage}
    secret=${4?$usage}
    tls=false
    case "${5:-}" in
    --tls) tls=true ;;
    "") ;;
    *) echo "$usage" >&2; exit 2 ;;
    esac
    if running; then
        cat "$dir/port"
        exit 0
    fi
    # Paths go into nginx.conf unquoted, where `$`, `;`, quotes and spaces mean something.
    case "$dir$here" in
    *[!A-Za-z0-9_./+-]*) echo "jwt-gateway: unsupported characters in $dir or $here" >&2; exit 2 ;;
    esac
    [[ $upstream =~ ^[0-9]+$ ]] || { echo "jwt-gateway: bad upstream port '$upstream'" >&2; exit 2; }
    mkdir -p "$dir/tmp"
    (umask 077 && printf '%s' "$secret" >"$dir/secret")

    port=$(free_port)
    scheme=http
    listen_flags=""
    : >"$dir/tls.conf"
    if $tls; then
        "$here/test-ca.sh" "$dir"
        scheme=https
        listen_flags=" ssl"
        printf '%s\n' "ssl_certificate $dir/server.pem;" "ssl_certificate_key $dir/server.key;" \
            "ssl_protocols TLSv1.2 TLSv1.3;" >"$dir/tls.conf"
    fi
    # As root, nginx would run its workers as `nobody`, which cannot read the secret or write DIR.
    user_directive=""
    if [ "$(id -u)" = 0 ]; then
        user_directive="user root;"
    fi
    sed -e "s|@DIR@|$dir|g" -e "s|@SCRIPT_DIR@|$here/jwt-gateway|g" -e "s|@NJS_MODULE@|$njs_module|g" \
        -e "s|@USER_DIRECTIVE@|$user_directive|" -e "s|@UPSTREAM_PORT@|$upstream|" -e "s|@PORT@|$port|" \
        -e "s|@LISTEN_FLAGS@|$listen_flags|" "$here/jwt-gateway/nginx.conf.template" >"$dir/nginx.conf"
    echo "$port" >"$dir/port"
    rm -f "$dir/nginx.pid"
    if ! "$nginx" -p "$dir/" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/nginx.stderr"; then
        echo "jwt-gateway: nginx did not start; see $dir/error.log" >&2
        cat "$dir/nginx.stderr" >&2
        exit 1
    fi
    ca_args=()
    if $tls; then
        ca_args=(--cacert "$dir/ca.pem")
    fi
    for _ in $(seq 1 100); do
        # Any HTTP status (401 without a token) means nginx, the njs module and TLS all work.
        code=$(curl -s -o /dev/null -w '%{http_code}' "${ca_args[@]}" "$scheme://127.0.0.1:$port/ping" ||
            true)
        if [ "$code" != "000" ]; then
            echo "$port"
            exit 0
        fi
        sleep 0.1
    done
    echo "jwt-gateway: no answer on $scheme://127.0.0.1:$port within 10 s; see $dir/error.log" >&2
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
