#!/usr/bin/env bash
# Installs what Ferry needs on Debian 12 (as root), only what is missing. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
    build-essential cmake ninja-build ccache pkg-config clang-format python3 curl ca-certificates
    libboost1.81-dev libboost-json1.81-dev libcurl4-openssl-dev libcli11-dev libfmt-dev libgtest-dev
    zlib1g-dev libzstd-dev zstd libdeflate-dev liblz4-dev libssl-dev libsodium-dev
    clickhouse-server clickhouse-client
    nodejs npm chromium
    nginx-light libnginx-mod-http-js openssl time
    zookeeperd
    clang libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    # Node.js may come from elsewhere on the machine; only ask apt for it when there is none.
    if command -v node >/dev/null && command -v npm >/dev/null; then
        missing=("${missing[@]/nodejs/}")
        missing=("${missing[@]/npm/}")
    fi
    read -r -a missing <<<"${missing[*]}"
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package starts a system clickhouse-server on :8123/:9000; Ferry runs its own private ones.
# The same for Debian's ZooKeeper service: tests start a private one (scripts/zookeeper.sh).
for service in clickhouse-server zookeeper; do
    if command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
        systemctl stop "$service" || true
    fi
done

# Also when the lock file changed since the last install (a pull that added a package, say axe-core).
if [ -f web/package.json ] && { [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; }; then
    echo "setup: installing web dependencies" >&2
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
