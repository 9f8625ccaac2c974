#!/usr/bin/env python3
"""Would `ferry import --parallel 2` help here? An upper bound, measured before building it.

    python3 bench/parallel_import_probe.py [--rounds 3]

Uses bench/many_files.py's 40 gzip files of 20,000 rows and its private server, and alternates
  one x40          one `ferry import` of all 40 files (what ships)
  two x20 at once  two `ferry import` processes of 20 files each, started together into the same table
The second is more than `--parallel 2` could do (two jobs, two commits, no shared all-or-nothing), so if it
is not clearly faster, parallel streams are not worth their complexity on this machine. Prints wall
seconds, ferry's CPU seconds and the clickhouse-server process's CPU seconds (from /proc) per run; row
counts are checked.
"""
import argparse
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import many_files as mf  # noqa: E402


def process_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu():
    t = os.times()
    return t.children_user + t.children_system


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ferry", default=os.path.join(ROOT, "build", "ferry"))
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    server_dir = os.path.join(HERE, "data", "clickhouse-many")
    files = mf.make_files(os.path.join(HERE, "data", "many", "in"), 40, 20_000)
    server = mf.Server(server_dir)
    try:
        with open(os.path.join(server_dir, "pid")) as f:  # written by scripts/clickhouse-server.sh
            pid = int(f.read())
        ferry = [args.ferry, "--host", "127.0.0.1", "--port", str(server.http), "import", "--table", "t"]

        def run(groups):
            server.client("DROP TABLE IF EXISTS t")
            server.client(f"CREATE TABLE t ({mf.TABLE}) ENGINE = MergeTree ORDER BY id")
            server.wait_idle()
            s0, c0, t0 = process_cpu(pid), children_cpu(), time.time()
            procs = [subprocess.Popen(ferry + sum((["--file", f] for f in g), []), stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL) for g in groups]
            if not all(p.wait() == 0 for p in procs):
                sys.exit("a ferry import failed")
            wall = time.time() - t0
            rows = int(server.client("SELECT count() FROM t"))
            if rows != 20_000 * len(files):
                sys.exit(f"{rows} rows in t, expected {20_000 * len(files)}")
            return wall, children_cpu() - c0, process_cpu(pid) - s0

        for _ in range(args.rounds):
            for name, groups in (("one x40", [files]), ("two x20 at once", [files[0::2], files[1::2]])):
                wall, ferry_cpu, server_cpu = run(groups)
                print(f"{name:16} wall {wall:5.2f} s  ferry CPU {ferry_cpu:5.2f} s  server CPU {server_cpu:5.2f} s  "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
