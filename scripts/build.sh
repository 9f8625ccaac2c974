#!/usr/bin/env bash
# Builds the ferry binary, the test programs and the web app. Incremental; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${FERRY_BUILD_DIR:-build}
if [ ! -f "$build/build.ninja" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$build" -j"$(nproc)"
if [ -f web/package.json ]; then
    (cd web && npm run --silent build >/dev/null)
fi
