#!/usr/bin/env python3
"""Many files in, many files out (issue 13): one run of each command, reported as ratios.

    python3 bench/many_files.py                 # ~3 min on 2 cores, plus writing the data once
    python3 bench/many_files.py --ferry build/ferry --files 40 --rows-per-file 20000 --export-rows 2000000

Import: 40 gzip files of 20,000 rows (bench/generate.py's 10 columns, one seed per file) into a MergeTree
table, by
  ferry     `ferry import --file 'DIR/*.csv.gz' --table t`            (one job, all or nothing)
  loop      `for f in DIR/*.csv.gz; do zcat $f | clickhouse-client --query "INSERT INTO t FORMAT
             CSVWithNames"; done`                                       (one INSERT per file, sequential)
  xargs -P4 the same, four files at a time.
Export of EXPORT_ROWS rows (a table loaded once and OPTIMIZEd) to gzip:
  one       `ferry export --table t_src --file one.csv.gz`
  split     `ferry export --table t_src --file split.csv.gz --split-rows 100000`
  split -P2 the same with `--parallel 2` (data parts read by two queries at once; t_src is loaded in
            four INSERTs and not OPTIMIZEd, so it has parts to share out)
Every command runs under /usr/bin/time -v (wall seconds, client CPU seconds, peak RSS of the main
process; for the shell loops CPU and RSS cover the loop's children). Row counts are
checked after each run. Results also go to bench/results/many_files-<timestamp>.json.
"""

import argparse
import glob
import gzip
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import generate  # noqa: E402

TABLE = ("id UInt64, name String, amount Float64, qty Int32, day Date, ts DateTime, "
         "maybe_empty Nullable(String), country String, comment String, flag UInt8")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def timed(cmd, shell=False):
    """Runs `cmd` under /usr/bin/time -v; returns (seconds, peak RSS MiB, stdout, CPU seconds)."""
    argv = ["/usr/bin/time", "-v"] + (["sh", "-c", cmd] if shell else cmd)
    start = time.monotonic()
    proc = subprocess.run(argv, capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {cmd}\n{proc.stderr[-2000:]}")
    rss_kb = 0
    cpu = 0.0
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss_kb = int(line.split(":")[1])
        if "User time (seconds)" in line or "System time (seconds)" in line:
            cpu += float(line.split(":")[1])
    return seconds, rss_kb / 1024, proc.stdout, cpu


class Server:
    def __init__(self, directory):
        self.dir = directory
        self.http = int(subprocess.check_output([os.path.join(ROOT, "scripts", "clickhouse-server.sh"), "start",
                                                 directory], text=True).split()[-1])
        with open(os.path.join(directory, "tcp_port")) as f:
            self.tcp = int(f.read())

    def client(self, query, stdin=None):
        return subprocess.run(["clickhouse-client", "--port", str(self.tcp), "--query", query], stdin=stdin,
                              check=True, capture_output=True, text=True).stdout.strip()

    def wait_idle(self):
        for _ in range(600):
            if self.client("SELECT count() FROM system.merges") == "0":
                return
            time.sleep(0.2)

    def stop(self):
        subprocess.run([os.path.join(ROOT, "scripts", "clickhouse-server.sh"), "stop", self.dir], check=False)


def make_files(directory, files, rows):
    os.makedirs(directory, exist_ok=True)
    paths = [os.path.join(directory, f"part-{i:03}.csv.gz") for i in range(files)]
    if all(os.path.exists(p) for p in paths):
        return paths
    log(f"writing {files} gzip files of {rows} rows to {directory}")
    for i, path in enumerate(paths):
        if os.path.exists(path):
            continue
        plain = path[:-3]
        generate.generate(plain, rows=rows, seed=1000 + i, quiet=True)
        with open(plain, "rb") as src, gzip.open(path + ".tmp", "wb", compresslevel=6) as dst:
            shutil.copyfileobj(src, dst)
        os.replace(path + ".tmp", path)
        os.remove(plain)
        meta = plain + ".meta.json"
        if os.path.exists(meta):
            os.remove(meta)
    return paths


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ferry", default=os.path.join(ROOT, "build", "ferry"))
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--rows-per-file", type=int, default=20_000)
    ap.add_argument("--export-rows", type=int, default=2_000_000)
    ap.add_argument("--server-dir", default=os.path.join(HERE, "data", "clickhouse-many"))
    ap.add_argument("--only", default="import,export")
    args = ap.parse_args()
    only = set(args.only.split(","))
    data = os.path.join(HERE, "data", "many")
    out = os.path.join(data, "out")
    report = {"args": vars(args), "runs": {}}
    server = Server(args.server_dir)
    ferry = [args.ferry, "--host", "127.0.0.1", "--port", str(server.http)]
    client = f"clickhouse-client --port {server.tcp}"
    try:
        if "import" in only:
            paths = make_files(os.path.join(data, "in"), args.files, args.rows_per_file)
            expected = args.files * args.rows_per_file
            pattern = os.path.join(data, "in", "*.csv.gz")
            for path in paths:  # warm the page cache
                with open(path, "rb") as f:
                    while f.read(1 << 20):
                        pass
            commands = {
                "ferry": (ferry + ["import", "--file", pattern, "--table", "t", "--json"], False),
                "loop": (f"for f in {pattern}; do zcat $f | {client} --query 'INSERT INTO t FORMAT CSVWithNames'"
                         f" || exit 1; done", True),
                "xargs -P4": (f"ls {pattern} | xargs -P4 -I{{}} sh -c \"zcat {{}} | {client} --query "
                              f"'INSERT INTO t FORMAT CSVWithNames'\"", True),
            }
            for name, (cmd, shell) in commands.items():
                server.client("DROP TABLE IF EXISTS t")
                server.client(f"CREATE TABLE t ({TABLE}) ENGINE = MergeTree ORDER BY id")
                server.wait_idle()
                seconds, rss, _, cpu = timed(cmd, shell)
                rows = int(server.client("SELECT count() FROM t"))
                if rows != expected:
                    raise SystemExit(f"{name}: {rows} rows loaded, expected {expected}")
                report["runs"][f"import {name}"] = {"seconds": seconds, "rss_mib": rss, "cpu": cpu}
                log(f"import {name}: {seconds:.2f} s, {rss:.1f} MiB, client CPU {cpu:.2f} s")

        if "export" in only:
            src = os.path.join(HERE, "data", f"rows_{args.export_rows}.csv")
            if not os.path.exists(src):
                log(f"writing {src}")
                generate.generate(src, rows=args.export_rows, quiet=True)
            server.client("DROP TABLE IF EXISTS t_src")
            server.client(f"CREATE TABLE t_src ({TABLE}) ENGINE = MergeTree ORDER BY id")
            # Four INSERTs, no OPTIMIZE: parts for --parallel to share out.
            with open(src, "rb") as f:
                subprocess.run(["clickhouse-client", "--port", str(server.tcp), "--max_insert_block_size",
                                str(args.export_rows // 4 + 1), "--query", "INSERT INTO t_src FORMAT CSVWithNames"],
                               stdin=f, check=True)
            server.wait_idle()
            parts = server.client("SELECT count() FROM system.parts WHERE table = 't_src' AND active")
            log(f"t_src: {parts} active parts")
            commands = {
                "one file": ["export", "--table", "t_src", "--file", os.path.join(out, "one.csv.gz"), "--json"],
                "split 100k": ["export", "--table", "t_src", "--file", os.path.join(out, "split.csv.gz"),
                               "--split-rows", "100000", "--json"],
                "split 100k --parallel 2": ["export", "--table", "t_src", "--file",
                                            os.path.join(out, "split.csv.gz"), "--split-rows", "100000",
                                            "--parallel", "2", "--json"],
            }
            for name, cmd in commands.items():
                shutil.rmtree(out, ignore_errors=True)
                os.makedirs(out)
                subprocess.run(["sync"])
                server.wait_idle()
                seconds, rss, stdout, cpu = timed(ferry + cmd)
                summary = json.loads(stdout.strip().splitlines()[-1])
                if summary["rows"] != args.export_rows:
                    raise SystemExit(f"export {name}: {summary['rows']} rows, expected {args.export_rows}")
                report["runs"][f"export {name}"] = {"seconds": seconds, "rss_mib": rss, "cpu": cpu,
                                                    "files": summary.get("files", 1)}
                log(f"export {name}: {seconds:.2f} s, {rss:.1f} MiB, CPU {cpu:.2f} s, "
                    f"{summary.get('files', 1)} files")
            shutil.rmtree(out, ignore_errors=True)
    finally:
        server.stop()

    runs = report["runs"]
    print(f"{'run':34} {'seconds':>8} {'CPU s':>8} {'RSS MiB':>8} {'ratio':>8}")
    for name, run in runs.items():
        base = runs.get("import loop") if name.startswith("import") else runs.get("export one file")
        ratio = runs.get("import ferry", {}).get("seconds", 0) / run["seconds"] if name.startswith("import") \
            else run["seconds"] / base["seconds"]
        label = "ferry/this" if name.startswith("import") else "this/one"
        print(f"{name:34} {run['seconds']:8.2f} {run['cpu']:8.2f} {run['rss_mib']:8.1f} {ratio:8.2f}  ({label})")
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    path = os.path.join(HERE, "results", time.strftime("many_files-%Y%m%d-%H%M%S.json"))
    with open(path, "w") as f:
        json.dump(report, f, indent=1)
    log(f"results: {path}")


if __name__ == "__main__":
    main()
