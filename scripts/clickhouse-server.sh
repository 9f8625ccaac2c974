#!/usr/bin/env bash
# Starts or stops a private ClickHouse server for tests and the local demo.
#   scripts/clickhouse-server.sh start DIR [HTTP_PORT [TCP_PORT]]  -> prints the HTTP port once it answers
#   scripts/clickhouse-server.sh stop DIR
# DIR holds the config, data and logs, and the files http_port and tcp_port. The server listens on
# 127.0.0.1 only, on free ports when none are given; starting a running server just prints its port.
# Files in DIR/config.d/ (written before start) are merged into the config: clusters, ZooKeeper, macros.
# Users: `default` (no password), `ferry` (password `ferry-secret`) for auth tests, `ferry_noddl`
# (allow_ddl = 0: may insert, not create tables) and `ferry_reader` (readonly = 1).
# bench/run.py --link runs it inside a network namespace with CLICKHOUSE_LISTEN_HOST=0.0.0.0 (the
# namespace holds only its loopback and one veth) and CLICKHOUSE_ALLOW_NETWORK=10.253.0.0/30 (the users may
# also connect from there); both default to loopback only.
# CLICKHOUSE_TIMEZONE sets the server's own zone (<timezone>, the zone of DateTime columns without one);
# UTC by default. The time zone tests start a server in America/New_York with it.
set -euo pipefail

cmd=${1:?usage: clickhouse-server.sh start|stop DIR [HTTP_PORT]}
dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

case "$cmd" in
start)
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        echo "$(cat "$dir/http_port")"
        exit 0
    fi
    http_port=${3:-$(free_port)}
    tcp_port=${4:-$(free_port)}
    interserver_port=$(free_port)
    # CLICKHOUSE_TLS_DIR (made by scripts/test-ca.sh: server.pem, server.key) adds an HTTPS port and a
    # secure native port, for benchmarks that compare TLS clients (ports in DIR/https_port, DIR/tcp_port_secure).
    tls_config=""
    rm -f "$dir/https_port" "$dir/tcp_port_secure"
    if [ -n "${CLICKHOUSE_TLS_DIR:-}" ]; then
        https_port=$(free_port)
        tcp_port_secure=$(free_port)
        tls_config="    <https_port>$https_port</https_port>
    <tcp_port_secure>$tcp_port_secure</tcp_port_secure>
    <openSSL><server><certificateFile>$CLICKHOUSE_TLS_DIR/server.pem</certificateFile>
        <privateKeyFile>$CLICKHOUSE_TLS_DIR/server.key</privateKeyFile><verificationMode>none</verificationMode>
        <loadDefaultCAFile>false</loadDefaultCAFile><cacheSessions>true</cacheSessions>
        <disableProtocols>sslv2,sslv3</disableProtocols><preferServerCiphers>true</preferServerCiphers>
    </server></openSSL>"
    fi
    mkdir -p "$dir/data" "$dir/tmp" "$dir/log" "$dir/user_files" "$dir/format_schemas"
    cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/error.log</errorlog>
        <size>10M</size><count>2</count></logger>
    <http_port>$http_port</http_port>
    <tcp_port>$tcp_port</tcp_port>
    <interserver_http_port>$interserver_port</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <listen_host>${CLICKHOUSE_LISTEN_HOST:-127.0.0.1}</listen_host>
    <max_connections>256</max_connections>
    <keep_alive_timeout>10</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <format_schema_path>$dir/format_schemas/</format_schema_path>
    <users_config>$dir/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>${CLICKHOUSE_TIMEZONE:-UTC}</timezone>
    <mlock_executable>false</mlock_executable>
${tls_config}
</yandex>
XML
    extra_network=""
    if [ -n "${CLICKHOUSE_ALLOW_NETWORK:-}" ]; then
        extra_network="<ip>${CLICKHOUSE_ALLOW_NETWORK}</ip>"
    fi
    cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <profiles><default><max_memory_usage>4000000000</max_memory_usage></default>
        <noddl><max_memory_usage>4000000000</max_memory_usage><allow_ddl>0</allow_ddl>
            <max_insert_block_size>300</max_insert_block_size></noddl>
        <reader><readonly>1</readonly></reader></profiles>
    <users>
        <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip>${extra_network}</networks>
            <profile>default</profile><quota>default</quota></default>
        <ferry><password>ferry-secret</password><networks><ip>127.0.0.1</ip><ip>::1</ip>${extra_network}</networks>
            <profile>default</profile><quota>default</quota></ferry>
        <ferry_noddl><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>noddl</profile><quota>default</quota></ferry_noddl>
        <ferry_reader><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>reader</profile><quota>default</quota></ferry_reader>
    </users>
    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
    rm -f "$dir/pid"
    # --daemon detaches from our stdout (so `port=$(... start DIR)` returns) and writes the server's own pid.
    (cd "$dir" && clickhouse-server --config-file="$dir/config.xml" --pidfile="$dir/pid" --daemon \
        </dev/null >"$dir/log/stdout.log" 2>&1)
    echo "$http_port" >"$dir/http_port"
    echo "$tcp_port" >"$dir/tcp_port"
    if [ -n "$tls_config" ]; then
        echo "$https_port" >"$dir/https_port"
        echo "$tcp_port_secure" >"$dir/tcp_port_secure"
    fi
    for _ in $(seq 1 300); do
        if curl -sf "http://127.0.0.1:$http_port/ping" >/dev/null 2>&1; then
            echo "$http_port"
            exit 0
        fi
        if [ -f "$dir/pid" ] && ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
            echo "clickhouse-server exited; see $dir/log" >&2
            tail -20 "$dir/log/stdout.log" "$dir/log/error.log" >&2 2>/dev/null || true
            exit 1
        fi
        sleep 0.1
    done
    echo "clickhouse-server did not answer on port $http_port within 30 s" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/pid" ]; then
        pid=$(cat "$dir/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/pid"
    fi
    ;;
*)
    echo "usage: clickhouse-server.sh start|stop DIR [HTTP_PORT]" >&2
    exit 2
    ;;
esac
