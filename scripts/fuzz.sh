#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (ASan + UBSan) into build-fuzz/ and runs each in turn.
#   scripts/fuzz.sh                 # every target for 60 s
#   scripts/fuzz.sh 300             # every target for 5 minutes
#   scripts/fuzz.sh 120 csv_reader  # one target (csv_reader, csv_recovery, join_parser)
# csv_reader fuzzes strict reading (--on-error abort), csv_recovery the recovering reader (--on-error skip)
# with the lenient options; see each fuzz/<target>_fuzzer.cpp for what it checks. The last line is
# "N passed, N failed" (one per target), as scripts/test.sh's counted suites print.
# Needs clang++ and libclang-rt-*-dev (apt-get install -y clang libclang-rt-14-dev). Built straight from the
# sources under src/ (common, io, formats, clickhouse/join.cpp and sql.cpp), without CMake. The corpus grows
# in build-fuzz/corpus/<target> (seeded from tests/fixtures/bad and fuzz/seeds); crashes land in
# build-fuzz/artifacts/<target>/ and make the script exit 1. Reproduce one with
#   build-fuzz/<target>_fuzzer build-fuzz/artifacts/<target>/crash-...
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(csv_reader csv_recovery join_parser)
fi
out="$root/build-fuzz"
cxx=${CXX_FUZZ:-clang++}
jobs=${FUZZ_BUILD_JOBS:-2}

if ! command -v "$cxx" >/dev/null; then
    echo "fuzz.sh: $cxx not found (apt-get install -y clang libclang-rt-14-dev)" >&2
    exit 2
fi

flags=(-std=c++20 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
    -Wall -Wextra -Werror -I "$root/src")
sources=("$root"/src/common/*.cpp "$root"/src/io/*.cpp "$root"/src/formats/*.cpp
    "$root/src/clickhouse/join.cpp" "$root/src/clickhouse/sql.cpp")

# Library objects: instrumented for coverage (fuzzer-no-link), rebuilt when their source or any header changed.
mkdir -p "$out/obj"
objects=()
pending=()
for src in "${sources[@]}"; do
    rel=${src#"$root/src/"}
    obj="$out/obj/${rel//\//_}.o"
    objects+=("$obj")
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] ||
        [ -n "$(find "$root/src" -name '*.h' -newer "$obj" -print -quit)" ]; then
        pending+=("$src=$obj")
    fi
done
if [ ${#pending[@]} -gt 0 ]; then
    echo "fuzz.sh: compiling ${#pending[@]} sources with $cxx ($jobs at a time)" >&2
    running=0
    failed=0
    for item in "${pending[@]}"; do
        "$cxx" "${flags[@]}" -fsanitize=fuzzer-no-link -c "${item%%=*}" -o "${item#*=}" &
        running=$((running + 1))
        if [ $running -ge "$jobs" ]; then
            wait -n || failed=1
            running=$((running - 1))
        fi
    done
    while [ $running -gt 0 ]; do
        wait -n || failed=1
        running=$((running - 1))
    done
    if [ $failed -ne 0 ]; then
        echo "fuzz.sh: compilation failed" >&2
        exit 2
    fi
fi

status=0
passed=0
failed=0
for target in "${targets[@]}"; do
    fuzzer="$out/${target}_fuzzer"
    source_file="$root/fuzz/${target}_fuzzer.cpp"
    if [ ! -f "$source_file" ]; then
        echo "fuzz.sh: no such target: $target" >&2
        exit 2
    fi
    echo "fuzz.sh: linking $fuzzer" >&2
    "$cxx" "${flags[@]}" -fsanitize=fuzzer "$source_file" "${objects[@]}" -lfmt -lz -lzstd -ldeflate -llz4 -lcrypto -o "$fuzzer"

    corpus="$out/corpus/$target"
    artifacts="$out/artifacts/$target/"
    mkdir -p "$corpus" "$artifacts"
    extra=()
    case "$target" in
    csv_reader | csv_recovery)
        # Seeds: each hostile fixture read as comma/double-quote CSV with a header (dialect bytes 00 00 01).
        for file in "$root"/tests/fixtures/bad/*; do
            case "$file" in *.md) continue ;; esac
            { printf '\000\000\001'; head -c 65536 "$file"; } >"$corpus/seed_$(basename "$file")"
            if [ "$target" = csv_recovery ]; then # also strict quotes without padding, and lenient + trim
                { printf '\000\000\000'; head -c 65536 "$file"; } >"$corpus/seed0_$(basename "$file")"
                { printf '\000\000\006'; head -c 65536 "$file"; } >"$corpus/seed6_$(basename "$file")"
            fi
        done
        extra=(-max_len=4096)
        ;;
    join_parser)
        cp "$root"/fuzz/seeds/join_parser/* "$corpus/"
        extra=(-max_len=512 -dict="$root/fuzz/join_parser.dict")
        ;;
    esac
    log="$out/$target.log"
    echo "fuzz.sh: running $target for $seconds s (log: $log)" >&2
    set +e
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$fuzzer" "$corpus" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=4096 \
        -artifact_prefix="$artifacts" "${extra[@]}" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    if [ $rc -ne 0 ]; then
        echo "fuzz.sh: $target FAILED (exit $rc, $execs runs); see $log and $artifacts" >&2
        grep -m5 -E 'ERROR|SUMMARY|fuzzer:|deadly signal' "$log" >&2 || true
        status=1
        failed=$((failed + 1))
    else
        passed=$((passed + 1))
        echo "fuzz.sh: $target ok: $execs runs in $seconds s, $cov, corpus $(ls "$corpus" | wc -l) inputs" >&2
    fi
done
echo "$passed passed, $failed failed"
exit $status
