#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test suite: C++ unit tests, C++ integration tests
# against private real ClickHouse servers, the modern lane against the ClickHouse 26.5 engine (chDB),
# the web app's unit tests and the browser end-to-end tests.
# Ends with the line "N passed, N failed" and exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${FERRY_BUILD_DIR:-build}
results="$build/test-results"

./scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
./scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p "$results"

passed=0
failed=0
suites_failed=()

# A gtest program: counts come from its XML report.
run_gtest() {
    local name=$1 limit=$2 program=$3
    echo "== $name"
    rm -f "$results/$name.xml"
    # A hung test must fail the run, not stall CI.
    timeout --kill-after=10 "$limit" "$program" --gtest_output="xml:$results/$name.xml" --gtest_brief=1
    local rc=$?
    local tests=0 failures=0 errors=0 skipped=0
    if [ -f "$results/$name.xml" ]; then
        read -r tests failures errors skipped < <(python3 - "$results/$name.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
skipped = len(r.findall(".//testcase/skipped"))
print(int(r.get("tests", 0)) - skipped, r.get("failures", 0), r.get("errors", 0), skipped)
PY
        )
    fi
    local bad=$((failures + errors))
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    [ "$skipped" -eq 0 ] || echo "$name: $skipped skipped (not counted)"
    passed=$((passed + tests - failures - errors))
    failed=$((failed + bad))
    [ "$bad" -eq 0 ] || suites_failed+=("$name")
}

# Any other suite prints its own "N passed, N failed" as its last line.
run_counted() {
    local name=$1
    shift
    echo "== $name"
    local log="$results/$name.log"
    "$@" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    local line p f
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    p=${line%% passed*}
    f=${line#*, }
    f=${f%% failed}
    [ -n "$line" ] || { p=0; f=1; }
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    passed=$((passed + p))
    failed=$((failed + f))
    [ "$f" -eq 0 ] || suites_failed+=("$name")
}

run_gtest unit 300 "$build/ferry_unit_tests"
# The unit tests again under AddressSanitizer and UndefinedBehaviorSanitizer (FERRY_SKIP_SANITIZERS=1 skips
# it). Built at -O0 -g1: the sanitizers find the same faults there, and the Beast server with its TLS
# sessions took over 13 CPU minutes and 5.6 GB to compile at -O2 with them (2.6 minutes at -O0).
if [ "${FERRY_SKIP_SANITIZERS:-0}" != 1 ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1" \
        -DFERRY_SANITIZE=ON >/dev/null
    if ninja -C build-asan -j"$(nproc)" ferry_unit_tests >"$results/asan-build.log" 2>&1; then
        ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
            run_gtest unit-sanitized 600 build-asan/ferry_unit_tests
    else
        tail -30 "$results/asan-build.log"
        echo "sanitizer build failed"
        failed=$((failed + 1))
        suites_failed+=(unit-sanitized-build)
    fi
fi
# The CSV reader fuzzed for 25 s in each mode (strict, recovering): no crash under ASan+UBSan and the
# counts add up (fuzz/*_fuzzer.cpp). Longer runs: scripts/fuzz.sh 600 csv_recovery.
run_counted fuzz timeout 900 ./scripts/fuzz.sh 25 csv_reader csv_recovery
run_gtest integration 2400 "$build/ferry_integration_tests"
# ClickHouse 26.5 (the chDB engine, installed by the script on first use: about 15 s of download).
run_counted modern timeout 900 ./scripts/test-modern.sh
if [ -f web/package.json ]; then
    run_counted web-unit timeout 300 node scripts/vitest-summary.mjs
    run_counted e2e timeout 1200 node tests/e2e/run.mjs
fi

[ ${#suites_failed[@]} -eq 0 ] || echo "failing suites: ${suites_failed[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
