#!/usr/bin/env python3
"""How long an export takes before its rows flow, over a link with round-trip time: a 1,000-row table (the
bench's 10 columns) exported by Ferry, clickhouse-client and curl through bench/delay_proxy.py, which adds
RTT/2 each way (this kernel's qdiscs cannot delay). The server runs in one network namespace and every tool
in another, as bench/run.py --link does, so Ferry sees a remote server (codec probes, link measurement).
Needs root.

    python3 bench/startup_rtt.py [--rtt 30] [--runs 5] [--ferry build/ferry] [--server-dir DIR]

Prints the median time of each tool; see bench/README.md, "Startup round trips".
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import netns  # noqa: E402
from run import TABLE_10, ClickHouse  # noqa: E402


def start_proxy(link, port, one_way_ms):
    proc = subprocess.Popen(link.in_server([sys.executable, os.path.join(HERE, "delay_proxy.py"),
                                            netns.SERVER_ADDRESS, "0", "127.0.0.1", str(port), str(one_way_ms)]),
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline().split()
    if len(line) != 2 or line[0] != "ready":
        proc.kill()
        raise SystemExit("the delay proxy did not start")
    return proc, int(line[1])


def timed(argv, stdout=subprocess.DEVNULL):
    start = time.monotonic()
    result = subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120)
    elapsed = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"{argv[3:6]} failed: {result.stderr.strip()}")
    return elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rtt", type=float, default=30, help="round-trip time in ms (default 30)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ferry", default=os.path.join(ROOT, "build", "ferry"))
    ap.add_argument("--server-dir", default=None, help="directory of the private ClickHouse (default: a temporary one)")
    ap.add_argument("--netns-prefix", default="ferry-rtt-")
    args = ap.parse_args()

    link = netns.ShapedLink("10gbit", prefix=args.netns_prefix).create()
    server_dir = args.server_dir or tempfile.mkdtemp(prefix="ferry-rtt-")
    ch = ClickHouse(server_dir, link=link)
    proxies = []
    try:
        ch.start()
        ch.query("DROP TABLE IF EXISTS t_small")
        ch.query(f"CREATE TABLE t_small ({TABLE_10}) ENGINE = MergeTree ORDER BY id")
        ch.query("INSERT INTO t_small SELECT number, concat('name ', toString(number)), number / 7, "
                 "toInt32(number % 100) - 50, toDate('2020-01-01') + number, toDateTime('2020-01-01 00:00:00') + "
                 "number * 3600, if(number % 3 = 0, NULL, 'x'), 'PL', 'a comment, with a comma', number % 2 "
                 "FROM system.numbers LIMIT 1000")
        http, http_port = start_proxy(link, ch.http_port, args.rtt / 2)
        native, native_port = start_proxy(link, ch.tcp_port, args.rtt / 2)
        proxies = [http, native]
        out = os.path.join(server_dir, "small.csv")
        select = "SELECT * FROM t_small FORMAT CSVWithNames"
        tools = {
            "ferry export": link.in_client([args.ferry, "--host", netns.SERVER_ADDRESS, "--port", str(http_port),
                                            "export", "--table", "t_small", "--file", out]),
            "clickhouse-client": link.in_client(["clickhouse-client", "--host", netns.SERVER_ADDRESS, "--port",
                                                 str(native_port), "--query", select]),
            "curl": link.in_client(["curl", "-sS", "--fail", "-o", out, f"http://{netns.SERVER_ADDRESS}:{http_port}/",
                                    "--data-binary", select]),
        }
        times = {name: [] for name in tools}
        for _ in range(args.runs):
            for name, argv in tools.items():
                times[name].append(timed(argv))
        print(f"export of 1,000 rows at {args.rtt:g} ms RTT ({args.runs} runs each, alternating), median s:")
        for name, values in times.items():
            print(f"  {name:18} {statistics.median(values):.3f}  ({', '.join(f'{v:.3f}' for v in values)})")
    finally:
        for proc in proxies:
            proc.kill()
        ch.stop()
        link.destroy()


if __name__ == "__main__":
    main()
