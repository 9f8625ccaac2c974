#!/usr/bin/env bash
# The modern-ClickHouse lane alone: installs the ClickHouse 26.5 engine (npm @chdb/lib-linux-x64-gnu,
# ~560 MB unpacked, only for this suite) when it is missing, builds ferry_modern_tests and runs it.
# Ends with the line "N passed, M failed"; a missing engine is a failure, never a skip.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${FERRY_BUILD_DIR:-build}
results="$build/test-results"
limit=${FERRY_MODERN_TIME_LIMIT:-600}
mkdir -p "$results"

library=tests/modern/node_modules/@chdb/lib-linux-x64-gnu/libchdb.so
if [ -z "${FERRY_CHDB_LIBRARY:-}" ] && [ ! -f "$library" ]; then
    echo "test-modern: installing the ClickHouse engine (npm ci in tests/modern)" >&2
    start=$(date +%s)
    if ! (cd tests/modern && npm ci --no-audit --no-fund --loglevel=error); then
        echo "test-modern: npm ci failed; the engine is missing"
        echo "0 passed, 1 failed"
        exit 1
    fi
    echo "test-modern: engine installed in $(($(date +%s) - start)) s" >&2
fi

if [ ! -f "$build/build.ninja" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
if ! ninja -C "$build" -j"$(nproc)" ferry_modern_tests >"$results/modern-build.log" 2>&1; then
    tail -30 "$results/modern-build.log"
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

rm -f "$results/modern.xml"
start=$(date +%s)
# A hung test must fail the run, not stall CI.
timeout --kill-after=10 "$limit" "$build/ferry_modern_tests" --gtest_output="xml:$results/modern.xml" \
    --gtest_brief=1 "$@"
rc=$?
echo "test-modern: ran in $(($(date +%s) - start)) s" >&2
counts=$(python3 - "$results/modern.xml" <<'PY'
import os, sys, xml.etree.ElementTree as ET
if not os.path.exists(sys.argv[1]):
    print(0, 0, 0, 0)
    sys.exit()
r = ET.parse(sys.argv[1]).getroot()
skipped = len(r.findall(".//testcase/skipped"))
print(int(r.get("tests", 0)) - skipped, r.get("failures", 0), r.get("errors", 0), skipped)
PY
)
read -r tests failures errors skipped <<<"$counts"
bad=$((failures + errors + skipped))
if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
[ "$skipped" -eq 0 ] || echo "test-modern: $skipped skipped (counted as failed: this lane skips nothing)"
echo "$((tests - failures - errors)) passed, $bad failed"
[ "$bad" -eq 0 ]
