#!/bin/bash
# Server CPU, Ferry CPU/peak RSS and wire bytes of one export, TabSeparated answer vs Native answer
# (FERRY_EXPORT_ANSWER), per response codec. The machine may be shared: CPU seconds and bytes are the
# numbers to compare, wall time only indicative.
#   bench/export_answers.sh HTTP_PORT SERVER_PID [ROUNDS] [DATABASE.TABLE]
# e.g. a private 18.16 from scripts/clickhouse-server.sh start DIR (its pid in DIR/pid), the 2M-row table
# bench.t (bench/run.py TABLE_10) loaded with `ferry import` from bench/data/rows_2000000.csv.
# CODECS="none lz4 gzip" to choose codecs. Prints one line per run and whether the files are identical.
set -euo pipefail
port=$1; pid=$2; rounds=${3:-2}; table=${4:-bench.t}
ferry=${FERRY:-$(dirname "$0")/../build/ferry}
out=${TMPDIR:-/tmp}
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; } # utime + stime, clock ticks
for answer in tsv native; do
    for codec in ${CODECS:-none lz4}; do
        for round in $(seq "$rounds"); do
            before=$(cpu); start=$(date +%s.%N)
            run=$( { FERRY_EXPORT_ANSWER=$answer /usr/bin/time -f "TIME %U %S %M" "$ferry" export --json \
                --compression "$codec" --host 127.0.0.1 --port "$port" --database "${table%%.*}" \
                --table "${table#*.}" --file "$out/export_answers_$answer.csv"; } 2>&1 )
            end=$(date +%s.%N); after=$(cpu)
            wire=$(echo "$run" | grep -o '"wire_bytes": [0-9]*' | grep -o '[0-9]*$')
            read -r _ user sys rss <<<"$(echo "$run" | grep '^TIME')"
            printf '%-6s %-4s round %s: server CPU %.2f s, ferry CPU %.2f s, peak RSS %d MiB, wire %d MB, wall %.2f s\n' \
                "$answer" "$codec" "$round" "$(echo "($after - $before) / $(getconf CLK_TCK)" | bc -l)" \
                "$(echo "$user + $sys" | bc -l)" $((rss / 1024)) $((wire / 1000000)) "$(echo "$end - $start" | bc -l)"
        done
    done
done
cmp "$out/export_answers_tsv.csv" "$out/export_answers_native.csv" && echo "files identical"
