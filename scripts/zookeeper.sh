#!/usr/bin/env bash
# Starts or stops a private ZooKeeper (Debian's zookeeperd package) for ReplicatedMergeTree tests.
#   scripts/zookeeper.sh start DIR   -> prints the client port once ZooKeeper answers "imok"
#   scripts/zookeeper.sh stop DIR
# Standalone, on 127.0.0.1 and a free port, with its data in DIR; the system service is never used.
set -euo pipefail

cmd=${1:?usage: zookeeper.sh start|stop DIR}
dir=$(mkdir -p "${2:?DIR}" && cd "$2" && pwd)
jar=/usr/share/java/zookeeper.jar

ruok() {
    timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && echo ruok >&3 && cat <&3" 2>/dev/null || true
}

case "$cmd" in
start)
    if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
        cat "$dir/port"
        exit 0
    fi
    [ -f "$jar" ] || { echo "ZooKeeper is not installed (apt-get install zookeeperd)" >&2; exit 1; }
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$dir/data"
    cat >"$dir/zoo.cfg" <<CFG
tickTime=500
initLimit=10
syncLimit=5
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok
CFG
    nohup java -Xmx256m -cp "$jar" -Dzookeeper.admin.enableServer=false \
        org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" >"$dir/zookeeper.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    echo "$port" >"$dir/port"
    for _ in $(seq 1 300); do
        if [ "$(ruok "$port")" = imok ]; then
            echo "$port"
            exit 0
        fi
        kill -0 "$(cat "$dir/pid")" 2>/dev/null || { tail -20 "$dir/zookeeper.log" >&2; exit 1; }
        sleep 0.1
    done
    echo "ZooKeeper did not answer on port $port within 30 s" >&2
    exit 1
    ;;
stop)
    if [ -f "$dir/pid" ]; then
        pid=$(cat "$dir/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/pid"
    fi
    ;;
*)
    echo "usage: zookeeper.sh start|stop DIR" >&2
    exit 2
    ;;
esac
