#!/usr/bin/env python3
"""Ferry benchmark: import / export / preview / schema against clickhouse-client and curl.

    bench/run.py                          # everything, 3 rounds, default data (2,000,000 rows + 1 GiB file)
    bench/run.py --rounds 5 --only import,export
    bench/run.py --ferry build-bench/ferry --skip-generate

See bench/README.md for what each scenario measures and how to read the table. python3 stdlib only.
"""

import argparse
import datetime
import json
import os
import platform
import shlex
import signal
import statistics
import subprocess
import sys
import re
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no bench/__pycache__
import generate  # noqa: E402
import netns  # noqa: E402

SCENARIOS = ["import", "import3", "import_view", "export", "preview", "schema"]
SCENARIO_HELP = {
    "import": "file -> 10-column table (whole file)",
    "import_view": "file -> 10-column table feeding a materialized view (rows per country)",
    "import3": "3 of the 10 file columns (id,amount,country) -> 3-column table; peer loads all 10 columns",
    "export": "10-column table -> CSV file",
    "preview": "first 100 rows of a file",
    "schema": "column names and inferred types of a file",
}
TABLE_10 = ("id UInt64, name String, amount Float64, qty Int32, day Date, ts DateTime, "
            "maybe_empty Nullable(String), country String, comment String, flag UInt8")
TABLE_3 = "id UInt64, amount Float64, country String"
COLUMNS_3 = "id,amount,country"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- server

class ClickHouse:
    """A private clickhouse-server started with scripts/clickhouse-server.sh."""

    def __init__(self, directory, link=None, tls_dir=None):
        self.dir = directory
        # With tls_dir (a CA and server certificate from scripts/test-ca.sh) the server also listens on an
        # HTTPS port and a secure native port, for the --tls lane.
        self.tls_dir = tls_dir
        self.https_port = None
        self.tcp_port_secure = None
        # With a shaped link the server runs in the link's server namespace, listening on all of its
        # addresses (its loopback and the veth); run.py's own control queries go over that namespace's
        # loopback, so they never queue on the shaped link.
        self.link = link
        self.script = os.path.join(ROOT, "scripts", "clickhouse-server.sh")
        self.http_port = None
        self.tcp_port = None
        self.pids = []

    def start(self):
        # The script's stdout goes to a file, not a pipe: before commit 8ca78b4 the shell that launched the
        # server in the background kept its stdout open for as long as the server ran.
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            argv, env = [self.script, "start", self.dir], dict(os.environ)
            if self.link:
                argv = self.link.in_server(argv)
                env.update(CLICKHOUSE_LISTEN_HOST="0.0.0.0", CLICKHOUSE_ALLOW_NETWORK=netns.NETWORK)
            if self.tls_dir:
                env["CLICKHOUSE_TLS_DIR"] = self.tls_dir
            rc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, timeout=120,
                                env=env).returncode
            out.seek(0)
            err.seek(0)
            text = out.read().decode(errors="replace")
            if rc != 0:
                raise SystemExit(f"could not start ClickHouse in {self.dir}:\n{text}{err.read().decode(errors='replace')}")
        self.http_port = int(text.strip().splitlines()[-1])
        with open(os.path.join(self.dir, "tcp_port")) as f:
            self.tcp_port = int(f.read().strip())
        if self.tls_dir:
            with open(os.path.join(self.dir, "https_port")) as f:
                self.https_port = int(f.read().strip())
            with open(os.path.join(self.dir, "tcp_port_secure")) as f:
                self.tcp_port_secure = int(f.read().strip())
        self.pids = self.server_pids()
        return self

    def server_pids(self):
        """Pids of the clickhouse-server processes using this directory's config."""
        flag = f"--config-file={self.dir}/config.xml".encode()
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/cmdline", "rb") as f:
                        args = f.read().split(b"\0")
                except OSError:
                    continue
                if flag in args and any(a.endswith(b"clickhouse-server") for a in args[:1]):
                    pids.append(int(entry))
        return pids

    def stop(self):
        pids = self.server_pids()
        subprocess.run([self.script, "stop", self.dir], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60)
        # Before commit 8ca78b4 the script stopped only the shell that launched the server; make sure the
        # server itself ends too.
        for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 5)):
            alive = [p for p in pids if _alive(p)]
            for pid in alive:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.time() + wait
            while alive and time.time() < deadline:
                time.sleep(0.1)
                alive = [p for p in alive if _alive(p)]
            if not alive:
                return

    def cpu_seconds(self):
        """User+system CPU seconds the server has used so far (from /proc/PID/stat)."""
        total = 0
        tick = os.sysconf("SC_CLK_TCK")
        for pid in self.pids:
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass
        return total

    def query(self, sql, timeout=600):
        if self.link:
            proc = subprocess.run(self.link.in_server(["curl", "-sS", "--fail-with-body", "--data-binary", "@-",
                                                       f"http://127.0.0.1:{self.http_port}/"]),
                                  input=sql.encode(), capture_output=True, timeout=timeout)
            if proc.returncode != 0:
                raise RuntimeError(f"ClickHouse: {sql}\n{proc.stdout.decode(errors='replace')}"
                                   f"{proc.stderr.decode(errors='replace')}")
            return proc.stdout.decode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.http_port}/", data=sql.encode(), method="POST")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.read().decode()
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"ClickHouse: {sql}\n{e.read().decode(errors='replace')}") from None

    def scalar(self, sql):
        return self.query(sql + " FORMAT TabSeparated").strip()

    def count(self, table):
        return int(self.scalar(f"SELECT count() FROM {table}"))

    def wait_idle(self, timeout=120):
        """Waits until no merge and no other query runs, so each timed run starts from a quiet server."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            merges = int(self.scalar("SELECT count() FROM system.merges"))
            queries = int(self.scalar("SELECT count() FROM system.processes")) - 1  # minus this one
            if merges == 0 and queries <= 0:
                return
            time.sleep(0.2)
        log("  (warning: server still busy after %d s)" % timeout)

    def recreate(self, table, columns):
        self.query(f"DROP TABLE IF EXISTS {table}")
        self.query(f"CREATE TABLE {table} ({columns}) ENGINE = MergeTree ORDER BY id")

    def drop_staging_leftovers(self):
        names = self.scalar("SELECT name FROM system.tables WHERE database = currentDatabase() "
                            "AND name NOT IN ('t', 't3', 't_src', 'tv', 'tv_mv')").split()
        for name in names:
            if name.startswith("_ferry") or name.startswith("ferry"):
                self.query(f"DROP TABLE IF EXISTS `{name}`")


class QueryWatcher:
    """Polls system.processes while a run is going, to split a run's time into the server's queries
    (for Ferry's import: the staging INSERT, the row count, the INSERT ... SELECT into the target)."""

    def __init__(self, ch, interval=0.05):
        self.ch = ch
        self.interval = interval
        self.queries = {}
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def __enter__(self):
        self.t0 = time.perf_counter()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_event.set()
        self.thread.join()

    def loop(self):
        sql = ("SELECT query_id, query, elapsed FROM system.processes "
               "WHERE query NOT LIKE '%system.processes%' FORMAT JSONCompact")
        while not self.stop_event.is_set():
            try:
                data = json.loads(self.ch.query(sql, timeout=10))["data"]
            except Exception:
                data = []
            now = time.perf_counter() - self.t0
            for query_id, query, elapsed in data:
                q = self.queries.setdefault(query_id, {"query": query[:300], "first_seen": now})
                q["last_seen"] = now
                q["elapsed"] = float(elapsed)
            self.stop_event.wait(self.interval)

    def result(self):
        return sorted(self.queries.values(), key=lambda q: q["first_seen"])


def query_kind(query):
    """A short stable label for a server query: 'INSERT INTO <staging> (...) FORMAT RowBinary'."""
    q = re.sub(r"_ferry_staging_\w+", "<staging>", query)
    q = re.sub(r"\(([^()]*)\)", "(...)", q)
    q = re.sub(r"\s+", " ", q).strip()
    return q[:70]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie child of ours would still answer; it is not one (the server is not our child)
    return True


# ---------------------------------------------------------------------------------------------- runs

def parse_time_v(path):
    """Fields of `/usr/bin/time -v` output: peak RSS (KiB), user and system CPU seconds."""
    info = {}
    try:
        with open(path) as f:
            for line in f:
                key, _, value = line.strip().rpartition(": ")
                if key == "Maximum resident set size (kbytes)":
                    info["rss_kib"] = int(value)
                elif key == "User time (seconds)":
                    info["user_s"] = float(value)
                elif key == "System time (seconds)":
                    info["sys_s"] = float(value)
    except OSError:
        pass
    return info


def run_timed(argv, stdin_path=None, stdout_path=None, timeout=600):
    """Runs argv under /usr/bin/time -v. Returns a dict: seconds (wall, measured here), rc, stdout (when not
    redirected to a file), stderr, rss_kib, user_s, sys_s, timed_out."""
    with tempfile.NamedTemporaryFile(prefix="bench-time-", suffix=".txt", delete=False) as tf:
        time_file = tf.name
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    stdout = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    result = {"cmd": " ".join(shlex.quote(a) for a in argv)
              + (f" < {shlex.quote(stdin_path)}" if stdin_path else "")
              + (f" > {shlex.quote(stdout_path)}" if stdout_path else "")}
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", time_file] + argv, stdin=stdin, stdout=stdout,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
            result["timed_out"] = False
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            result["timed_out"] = True
        result["seconds"] = time.perf_counter() - t0
        result["rc"] = proc.returncode
        result["stdout"] = out.decode(errors="replace") if out is not None else ""
        result["stderr"] = err.decode(errors="replace")
        result.update(parse_time_v(time_file))
    finally:
        if stdin_path:
            stdin.close()
        if stdout_path:
            stdout.close()
        os.unlink(time_file)
    return result


def note_wire(run, summary):
    """Keeps Ferry's own account of what crossed the wire (from its --json summary) with the run."""
    if "wire_bytes" in summary:
        run["wire_bytes"] = summary["wire_bytes"]
        run["codec"] = summary.get("codec", "?")


def last_json_line(text):
    for line in reversed(text.strip().splitlines()):
        line = line.strip()
        if line.startswith("{") or line.startswith("["):
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


def count_newlines(path):
    n = 0
    with open(path, "rb") as f:
        while True:
            block = f.read(16 << 20)
            if not block:
                return n
            n += block.count(b"\n")


def warm_cache(path):
    with open(path, "rb") as f:
        while f.read(16 << 20):
            pass


def sync():
    try:
        os.sync()
    except AttributeError:
        subprocess.run(["sync"])


# ---------------------------------------------------------------------------------------------- scenarios

class Tool:
    """One contender in a scenario: how to prepare, run and check it."""

    def __init__(self, name, argv, prepare=None, check=None, stdin=None, stdout=None, is_ferry=False,
                 size_of=None):
        self.name = name
        self.argv = argv
        self.prepare = prepare or (lambda: None)
        self.check = check or (lambda r: None)
        self.stdin = stdin
        self.stdout = stdout
        self.is_ferry = is_ferry
        self.size_of = size_of  # bytes moved, for MB/s (default: the scenario's input file size)
        self.runs = []


class Bench:
    def __init__(self, args):
        self.args = args
        self.ferry = os.path.abspath(args.ferry)
        self.data_dir = os.path.join(HERE, "data")
        self.out_dir = os.path.join(self.data_dir, "out")
        self.ch = None
        self.results = []
        self.link = netns.ShapedLink(args.link, prefix=args.netns_prefix) if args.link else None
        self.host = netns.SERVER_ADDRESS if self.link else "127.0.0.1"
        # Extra Ferry runs with an explicit codec each (the default run uses auto).
        codecs = args.ferry_codecs if args.ferry_codecs is not None else ("none" if self.link else "")
        self.ferry_codecs = [c for c in codecs.split(",") if c]
        self.tls_dir = os.path.join(os.path.abspath(args.server_dir), "tls") if args.tls else None

    def client(self, argv):
        """A client command: in the link's client namespace when there is a shaped link."""
        return self.link.in_client(argv) if self.link else list(argv)

    # --- data

    def ensure_file(self, path, **gen_args):
        meta_path = path + ".meta.json"
        if os.path.exists(path) and os.path.exists(meta_path):
            with open(meta_path) as f:
                meta = json.load(f)
            fresh = meta.get("bytes") == os.path.getsize(path) and meta.get("seed") == self.args.seed
            if "rows" in gen_args:
                fresh = fresh and meta.get("rows") == gen_args["rows"]
            if self.args.skip_generate or fresh:
                log(f"using {os.path.relpath(path, ROOT)} ({meta['rows']:,} rows, {meta['bytes'] / 1e6:.0f} MB)")
                return meta
        if self.args.skip_generate:
            raise SystemExit(f"--skip-generate: {path} (and its .meta.json) is missing; run bench/generate.py")
        log(f"generating {os.path.relpath(path, ROOT)} ...")
        return generate.generate(path, seed=self.args.seed, **gen_args)

    # --- ferry

    def ferry_argv(self, *args):
        return self.client([self.ferry, "--host", self.host, "--port", str(self.ch.http_port)] + list(args))

    def ferry_tls_argv(self, *args):
        """Ferry over HTTPS to the server's own TLS port (--tls lane), trusting the lane's private CA."""
        return self.client([self.ferry, "--host", self.host, "--secure", "--port", str(self.ch.https_port),
                            "--ca-cert", os.path.join(self.tls_dir, "ca.pem")] + list(args))

    def client_tls_argv(self, *args):
        """clickhouse-client --secure to the server's secure native port, verifying with the same CA."""
        return self.client(["clickhouse-client", "--config-file", self.client_tls_config(), "--secure",
                            "--host", self.host, "--port", str(self.ch.tcp_port_secure)] + list(args))

    def curl_tls_argv(self, query, *args):
        url = f"https://{self.host}:{self.ch.https_port}/?query=" + urllib.parse.quote(query)
        return self.client(["curl", "-sS", "--fail-with-body", "--cacert", os.path.join(self.tls_dir, "ca.pem")]
                           + list(args) + [url])

    def client_tls_config(self):
        path = os.path.join(self.tls_dir, "client.xml")
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write("<config><openSSL><client><loadDefaultCAFile>false</loadDefaultCAFile>"
                        f"<caConfig>{os.path.join(self.tls_dir, 'ca.pem')}</caConfig>"
                        "<cacheSessions>true</cacheSessions><disableProtocols>sslv2,sslv3</disableProtocols>"
                        "<invalidCertificateHandler><name>RejectCertificateHandler</name>"
                        "</invalidCertificateHandler></client></openSSL></config>\n")
        return path

    def check_ferry_binary(self):
        if not (os.path.isfile(self.ferry) and os.access(self.ferry, os.X_OK)):
            raise SystemExit(f"ferry binary not found at {self.ferry} (build it, or pass --ferry PATH)")
        out = subprocess.run([self.ferry, "--help"], capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            raise SystemExit(f"{self.ferry} --help failed (exit {out.returncode}):\n{out.stdout}{out.stderr}")

    # --- running a scenario

    def run_scenario(self, name, tools, rounds, rows, size, peers_note=None, between=None):
        log(f"\n== {name}: {SCENARIO_HELP[name]} ({rounds} rounds: {', '.join(t.name for t in tools)})")
        for r in range(rounds):
            for tool in tools:
                tool.prepare()
                if between:
                    between()
                load = os.getloadavg()[0]
                cpu0 = self.ch.cpu_seconds()
                if self.args.phases:
                    with QueryWatcher(self.ch) as watcher:
                        run = run_timed(tool.argv, stdin_path=tool.stdin, stdout_path=tool.stdout,
                                        timeout=self.args.timeout)
                    run["server_queries"] = watcher.result()
                else:
                    run = run_timed(tool.argv, stdin_path=tool.stdin, stdout_path=tool.stdout,
                                    timeout=self.args.timeout)
                run["server_cpu_s"] = self.ch.cpu_seconds() - cpu0
                run["loadavg_before"] = load
                error = None
                if run["timed_out"]:
                    error = f"timed out after {self.args.timeout} s"
                elif run["rc"] != 0:
                    error = f"exit code {run['rc']}"
                else:
                    try:
                        error = tool.check(run)
                    except Exception as e:  # a failed check must not abort the whole benchmark
                        error = f"check failed: {e}"
                run["ok"] = error is None
                run["error"] = error
                run["round"] = r + 1
                if tool.size_of:
                    run["bytes"] = tool.size_of()
                tool.runs.append(run)
                rss = f", peak RSS {run['rss_kib'] / 1024:.0f} MiB" if "rss_kib" in run else ""
                if "wire_bytes" in run:
                    rss += f", {run['wire_bytes'] / 1e6:.0f} MB on the wire ({run['codec']})"
                status = "ok" if error is None else f"FAILED: {error}"
                log(f"  round {r + 1} {tool.name:<28} {run['seconds']:8.3f} s{rss}, load {load:.1f}  {status}")
                for q in run.get("server_queries", []):
                    if q["elapsed"] >= 0.05:
                        log(f"      server {q['first_seen']:6.2f}..{q['last_seen']:6.2f} s  {q['elapsed']:6.2f} s  "
                            f"{query_kind(q['query'])}")
                if error is not None:
                    log(f"    command: {run['cmd']}")
                    tail = run["stderr"].strip()
                    if tail:
                        log("    stderr:\n" + "\n".join("      " + l for l in tail[-4000:].splitlines()))
                    out_tail = run["stdout"].strip()
                    if out_tail:
                        log("    stdout (tail):\n" + "\n".join("      " + l for l in out_tail[-1000:].splitlines()))
        self.results.append(summarize(name, tools, rows, size, peers_note))

    def run_repeated(self, name, tools, reps, rows, size, note=None):
        """Like run_scenario but for quick commands: `reps` alternating repetitions, times in ms."""
        log(f"\n== {name}: {SCENARIO_HELP[name]} ({reps} repetitions: {', '.join(t.name for t in tools)})")
        for r in range(reps):
            for tool in tools:
                run = run_timed(tool.argv, timeout=self.args.timeout)
                error = None
                if run["timed_out"]:
                    error = f"timed out after {self.args.timeout} s"
                elif run["rc"] != 0:
                    error = f"exit code {run['rc']}"
                else:
                    try:
                        error = tool.check(run)
                    except Exception as e:
                        error = f"check failed: {e}"
                run["ok"] = error is None
                run["error"] = error
                run["round"] = r + 1
                tool.runs.append(run)
                if error is not None:
                    log(f"  rep {r + 1} {tool.name} FAILED: {error}\n    command: {run['cmd']}")
                    log("    stderr:\n" + "\n".join("      " + l for l in run["stderr"][-4000:].splitlines()))
        for tool in tools:
            ok = [x["seconds"] for x in tool.runs if x["ok"]]
            if ok:
                log(f"  {tool.name:<34} median {statistics.median(ok) * 1000:8.1f} ms "
                    f"(min {min(ok) * 1000:.1f}, max {max(ok) * 1000:.1f}, {len(ok)}/{len(tool.runs)} ok)")
        self.results.append(summarize(name, tools, rows, size, note))

    # --- the scenarios

    def scenario_import(self, path, meta):
        ch, rows = self.ch, meta["rows"]
        ch.recreate("t", TABLE_10)

        def prepare():
            ch.query("TRUNCATE TABLE t")
            ch.drop_staging_leftovers()

        def check_count(run):
            n = ch.count("t")
            return None if n == rows else f"table t holds {n:,} rows, expected {rows:,}"

        def check_ferry(run):
            summary = last_json_line(run["stdout"])
            if not isinstance(summary, dict) or summary.get("rows") != rows:
                return f"--json summary {summary!r} does not report {rows:,} rows"
            note_wire(run, summary)
            return check_count(run)

        url = (f"http://{self.host}:{ch.http_port}/?query="
               + urllib.parse.quote("INSERT INTO t FORMAT CSVWithNames"))
        if self.tls_dir:
            # The TLS lane: every client encrypts; Ferry over HTTP stays as the reference for TLS's cost.
            tools = [
                Tool("ferry import (HTTPS)", self.ferry_tls_argv("import", "--file", path, "--table", "t", "--json"),
                     prepare, check_ferry, is_ferry=True),
                Tool("ferry import (HTTP)", self.ferry_argv("import", "--file", path, "--table", "t", "--json"),
                     prepare, check_ferry),
                Tool("clickhouse-client --secure", self.client_tls_argv("--query", "INSERT INTO t FORMAT CSVWithNames"),
                     prepare, check_count, stdin=path),
                Tool("curl (HTTPS)", self.curl_tls_argv("INSERT INTO t FORMAT CSVWithNames", "--data-binary", "@" + path),
                     prepare, check_count),
            ]
            self.run_scenario("import", tools, self.args.rounds, rows, meta["bytes"], between=ch.wait_idle)
            ch.query("TRUNCATE TABLE t")
            return
        tools = [
            Tool("ferry import", self.ferry_argv("import", "--file", path, "--table", "t", "--json"),
                 prepare, check_ferry, is_ferry=True),
        ]
        for codec in self.ferry_codecs:
            tools.append(Tool(f"ferry import --compression {codec}",
                              self.ferry_argv("import", "--file", path, "--table", "t", "--json", "--compression",
                                              codec), prepare, check_ferry))
        tools += [
            Tool("clickhouse-client", self.client(["clickhouse-client", "--host", self.host, "--port",
                                                   str(ch.tcp_port), "--query", "INSERT INTO t FORMAT CSVWithNames"]),
                 prepare, check_count, stdin=path),
            Tool("curl (HTTP)", self.client(["curl", "-sS", "--fail-with-body", "--data-binary", "@" + path, url]),
                 prepare, check_count),
        ]
        self.run_scenario("import", tools, self.args.rounds, rows, meta["bytes"], between=ch.wait_idle)
        ch.query("TRUNCATE TABLE t")

    def scenario_import_view(self, path, meta):
        """A target with a materialized view: Ferry must INSERT (staging_copy) so that the view fires."""
        ch, rows = self.ch, meta["rows"]
        ch.query("DROP TABLE IF EXISTS tv_mv")
        ch.recreate("tv", TABLE_10)
        ch.query("CREATE MATERIALIZED VIEW tv_mv ENGINE = SummingMergeTree ORDER BY country AS "
                 "SELECT country, count() AS c FROM tv GROUP BY country")

        def prepare():
            ch.query("TRUNCATE TABLE tv")
            ch.query("TRUNCATE TABLE tv_mv")
            ch.drop_staging_leftovers()

        def check_count(run):
            n = ch.count("tv")
            fed = int(ch.scalar("SELECT sum(c) FROM tv_mv") or 0)
            if n != rows or fed != rows:
                return f"table tv holds {n:,} rows and its view counted {fed:,}, expected {rows:,}"
            return None

        def check_ferry(run):
            summary = last_json_line(run["stdout"])
            if not isinstance(summary, dict) or summary.get("rows") != rows:
                return f"--json summary {summary!r} does not report {rows:,} rows"
            if summary.get("strategy") != "staging_copy":
                return f"--json summary {summary!r} does not use staging_copy"
            return check_count(run)

        tools = [
            Tool("ferry import", self.ferry_argv("import", "--file", path, "--table", "tv", "--json"),
                 prepare, check_ferry, is_ferry=True),
            Tool("clickhouse-client", ["clickhouse-client", "--port", str(ch.tcp_port), "--query",
                                       "INSERT INTO tv FORMAT CSVWithNames"], prepare, check_count, stdin=path),
        ]
        self.run_scenario("import_view", tools, self.args.rounds, rows, meta["bytes"], between=ch.wait_idle)
        ch.query("DROP TABLE IF EXISTS tv_mv")
        ch.query("DROP TABLE IF EXISTS tv")

    def scenario_import3(self, path, meta):
        ch, rows = self.ch, meta["rows"]
        ch.recreate("t3", TABLE_3)
        ch.recreate("t", TABLE_10)

        def prepare():
            ch.query("TRUNCATE TABLE t3")
            ch.query("TRUNCATE TABLE t")
            ch.drop_staging_leftovers()

        def check_count(table):
            def check(run):
                n = ch.count(table)
                return None if n == rows else f"table {table} holds {n:,} rows, expected {rows:,}"
            return check

        def check_ferry(run):
            summary = last_json_line(run["stdout"])
            if not isinstance(summary, dict) or summary.get("rows") != rows:
                return f"--json summary {summary!r} does not report {rows:,} rows"
            return check_count("t3")(run)

        tools = [
            Tool("ferry import --columns (3)",
                 self.ferry_argv("import", "--file", path, "--table", "t3", "--columns", COLUMNS_3, "--json"),
                 prepare, check_ferry, is_ferry=True),
            Tool("clickhouse-client (all 10)", self.client(["clickhouse-client", "--host", self.host, "--port",
                                                            str(ch.tcp_port), "--query",
                                                            "INSERT INTO t FORMAT CSVWithNames"]),
                 prepare, check_count("t"), stdin=path),
        ]
        self.run_scenario("import3", tools, self.args.rounds, rows, meta["bytes"],
                          peers_note="clickhouse-client cannot pick CSV columns: it loads all 10 into t; "
                                     "target ferry/clickhouse-client <= 0.6",
                          between=ch.wait_idle)
        ch.query("DROP TABLE IF EXISTS t3")
        ch.query("TRUNCATE TABLE t")

    def scenario_export(self, path, meta):
        ch, rows = self.ch, meta["rows"]
        log("\n(loading the export source table t_src with clickhouse-client, then OPTIMIZE FINAL)")
        ch.recreate("t_src", TABLE_10)
        load_argv = ["clickhouse-client", "--port", str(ch.tcp_port), "--query", "INSERT INTO t_src FORMAT CSVWithNames"]
        if self.link:
            load_argv = self.link.in_server(load_argv)  # over the server's own loopback, not the link
        load = run_timed(load_argv, stdin_path=path, timeout=self.args.timeout)
        if load["rc"] != 0 or ch.count("t_src") != rows:
            raise SystemExit(f"could not load t_src: {load['stderr']}")
        ch.query("OPTIMIZE TABLE t_src FINAL")
        os.makedirs(self.out_dir, exist_ok=True)
        outputs = {k: os.path.join(self.out_dir, f"export_{k}.csv") for k in ("ferry", "curl", "client")}
        expected_lines = meta["lines"]

        def prepare_for(key):
            def prepare():
                if os.path.exists(outputs[key]):
                    os.unlink(outputs[key])
                sync()
            return prepare

        def check_file(key):
            def check(run):
                out = outputs[key]
                if not os.path.exists(out):
                    return f"{out} was not written"
                size = os.path.getsize(out)
                if size < 0.9 * meta["bytes"]:
                    return f"{out} has only {size:,} bytes (the source CSV has {meta['bytes']:,})"
                lines = count_newlines(out)
                if lines != expected_lines:
                    return f"{out} has {lines:,} lines, expected {expected_lines:,} (rows + header + newlines in values)"
                return None
            return check

        def check_ferry(run):
            summary = last_json_line(run["stdout"])
            if not isinstance(summary, dict) or summary.get("rows") != rows:
                return f"--json summary {summary!r} does not report {rows:,} rows"
            note_wire(run, summary)
            return check_file("ferry")(run)

        def size(key):
            return lambda: os.path.getsize(outputs[key]) if os.path.exists(outputs[key]) else 0

        select = "SELECT * FROM t_src FORMAT CSVWithNames"
        url = f"http://{self.host}:{ch.http_port}/?query=" + urllib.parse.quote(select)
        if self.tls_dir:
            tools = [
                Tool("ferry export (HTTPS)",
                     self.ferry_tls_argv("export", "--table", "t_src", "--file", outputs["ferry"], "--json"),
                     prepare_for("ferry"), check_ferry, is_ferry=True, size_of=size("ferry")),
                Tool("ferry export (HTTP)",
                     self.ferry_argv("export", "--table", "t_src", "--file", outputs["ferry"], "--json"),
                     prepare_for("ferry"), check_ferry, size_of=size("ferry")),
                Tool("curl (HTTPS)", self.curl_tls_argv(select, "-o", outputs["curl"]),
                     prepare_for("curl"), check_file("curl"), size_of=size("curl")),
                Tool("clickhouse-client --secure", self.client_tls_argv("--query", select),
                     prepare_for("client"), check_file("client"), stdout=outputs["client"], size_of=size("client")),
            ]
        else:
            tools = self.export_tools(outputs, url, select, prepare_for, check_file, check_ferry, size)
        self.run_scenario("export", tools, self.args.rounds, rows, meta["bytes"], between=ch.wait_idle)
        for out in outputs.values():
            if os.path.exists(out) and not self.args.keep_outputs:
                os.unlink(out)

    def export_tools(self, outputs, url, select, prepare_for, check_file, check_ferry, size):
        ch = self.ch
        tools = [
            Tool("ferry export", self.ferry_argv("export", "--table", "t_src", "--file", outputs["ferry"], "--json"),
                 prepare_for("ferry"), check_ferry, is_ferry=True, size_of=size("ferry")),
        ]
        for codec in self.ferry_codecs:
            tools.append(Tool(f"ferry export --compression {codec}",
                              self.ferry_argv("export", "--table", "t_src", "--file", outputs["ferry"], "--json",
                                              "--compression", codec),
                              prepare_for("ferry"), check_ferry, size_of=size("ferry")))
        tools += [
            Tool("curl (HTTP)", self.client(["curl", "-sS", "--fail-with-body", url, "-o", outputs["curl"]]),
                 prepare_for("curl"), check_file("curl"), size_of=size("curl")),
            Tool("clickhouse-client", self.client(["clickhouse-client", "--host", self.host, "--port",
                                                   str(ch.tcp_port), "--query", select]),
                 prepare_for("client"), check_file("client"), stdout=outputs["client"], size_of=size("client")),
        ]
        return tools

    def scenario_preview(self, files):
        tools = []
        for label, path, meta in files:
            def check(run, meta=meta):
                doc = last_json_line(run["stdout"]) if run["stdout"].count("\n") <= 1 else _loads(run["stdout"])
                n = _count_rows(doc)
                want = min(100, meta["rows"])
                return None if n == want else f"expected {want} rows in the JSON output, found {n}"
            tools.append(Tool(f"ferry preview ({label})",
                              [self.ferry, "preview", "--file", path, "--limit", "100", "--json"], check=check,
                              is_ferry=True))
        self.run_repeated("preview", tools, self.args.reps, None, files[0][2]["bytes"],
                          note="100 rows; the time should not grow with the file size")

    def scenario_schema(self, files):
        tools = []
        for label, path, meta in files:
            def check(run):
                doc = _loads(run["stdout"])
                n = _count_columns(doc)
                return None if n == 10 else f"expected 10 columns in the JSON output, found {n}"
            tools.append(Tool(f"ferry columns ({label})", [self.ferry, "columns", "--file", path, "--json"],
                              check=check, is_ferry=True))
        self.run_repeated("schema", tools, self.args.reps, None, files[0][2]["bytes"],
                          note="inferred from a sample; the time should not grow with the file size")

    # --- main

    def run(self):
        only = SCENARIOS if not self.args.only else [s.strip() for s in self.args.only.split(",") if s.strip()]
        unknown = [s for s in only if s not in SCENARIOS]
        if unknown:
            raise SystemExit(f"--only: unknown scenario(s) {', '.join(unknown)}; choose from {', '.join(SCENARIOS)}")
        self.check_ferry_binary()
        os.makedirs(self.data_dir, exist_ok=True)

        main_path = os.path.join(self.data_dir, f"rows_{self.args.rows}.csv")
        main_meta = self.ensure_file(main_path, rows=self.args.rows)
        big_files = []
        if "preview" in only or "schema" in only:
            big_path = os.path.join(self.data_dir, f"big_{self.args.big_gb:g}gb.csv")
            big_meta = self.ensure_file(big_path, size_bytes=int(self.args.big_gb * 2**30))
            big_files = [(f"{big_meta['bytes'] / 2**30:.1f} GiB", big_path, big_meta),
                         (f"{main_meta['bytes'] / 2**20:.0f} MiB", main_path, main_meta)]

        started = datetime.datetime.now()
        if self.link:
            log(f"creating the shaped link: {self.link.describe()}")
            self.link.create()
        if self.tls_dir:
            # A fresh private CA whose server certificate also names the link's server address.
            subprocess.run([os.path.join(ROOT, "scripts", "test-ca.sh"), self.tls_dir, self.host], check=True,
                           stdin=subprocess.DEVNULL, timeout=60)
        self.ch = ClickHouse(os.path.abspath(self.args.server_dir), self.link, self.tls_dir)
        log(f"starting ClickHouse in {self.ch.dir} ...")
        try:
            self.ch.start()
        except BaseException:
            if self.link:
                self.link.destroy()
            raise
        log(f"ClickHouse {self.ch.scalar('SELECT version()')}: HTTP {self.ch.http_port}, native {self.ch.tcp_port}"
            + (f", HTTPS {self.ch.https_port}, secure native {self.ch.tcp_port_secure}" if self.tls_dir else ""))
        try:
            for path in [main_path] + [p for _, p, _ in big_files]:
                warm_cache(path)
            if "import" in only:
                self.scenario_import(main_path, main_meta)
            if "import3" in only:
                self.scenario_import3(main_path, main_meta)
            if "import_view" in only:
                self.scenario_import_view(main_path, main_meta)
            if "export" in only:
                self.scenario_export(main_path, main_meta)
            if "preview" in only:
                self.scenario_preview(big_files)
            if "schema" in only:
                self.scenario_schema(big_files)
            server_version = self.ch.scalar("SELECT version()")
        finally:
            if not self.args.keep_server or self.link:
                self.ch.stop()
            if self.link:
                self.link.destroy()
        report = {
            "started": started.isoformat(timespec="seconds"),
            "finished": datetime.datetime.now().isoformat(timespec="seconds"),
            "ferry": self.ferry,
            "git": git_info(),
            "clickhouse_version": server_version,
            "machine": machine_info(),
            "args": vars(self.args),
            "link": self.link.describe() if self.link else "loopback, unshaped",
            "data": {"file": os.path.relpath(main_path, ROOT), **main_meta},
            "big_files": [{"file": os.path.relpath(p, ROOT), **m} for _, p, m in big_files],
            "scenarios": self.results,
        }
        print_table(report)
        results_dir = os.path.join(HERE, "results")
        os.makedirs(results_dir, exist_ok=True)
        out = os.path.join(results_dir, started.strftime("%Y%m%d-%H%M%S") + ".json")
        with open(out, "w") as f:
            json.dump(report, f, indent=1)
        log(f"\nwrote {os.path.relpath(out, ROOT)}")
        failed = [t["tool"] for s in self.results for t in s["tools"] if t["failed_runs"]]
        return 1 if failed else 0


def _loads(text):
    try:
        return json.loads(text)
    except ValueError:
        return last_json_line(text)


def _count_rows(doc):
    """Rows in `ferry preview --json` output, whatever the exact shape ({rows: [...]}, or a list)."""
    if isinstance(doc, list):
        return len(doc)
    if isinstance(doc, dict):
        for key in ("rows", "data", "records"):
            if isinstance(doc.get(key), list):
                return len(doc[key])
    return -1


def _count_columns(doc):
    """Columns in `ferry columns --json` output: a table {"columns": ["name", "type"], "rows": [[name, type],
    ...]}, or a plain list of columns."""
    if isinstance(doc, list):
        return len(doc)
    if isinstance(doc, dict):
        for key in ("rows", "columns", "schema", "fields"):
            if isinstance(doc.get(key), list):
                return len(doc[key])
    return -1


# ---------------------------------------------------------------------------------------------- results

def summarize(name, tools, rows, size, note):
    out = {"scenario": name, "description": SCENARIO_HELP[name], "note": note, "rows": rows, "file_bytes": size,
           "tools": []}
    ferry_median = None
    for tool in tools:
        ok = [r for r in tool.runs if r["ok"]]
        secs = [r["seconds"] for r in ok]
        entry = {"tool": tool.name, "is_ferry": tool.is_ferry, "command": tool.runs[0]["cmd"] if tool.runs else "",
                 "runs": [{k: r.get(k) for k in ("round", "seconds", "ok", "error", "rc", "rss_kib", "user_s",
                                                 "sys_s", "server_cpu_s", "loadavg_before", "bytes",
                                                 "server_queries")} for r in tool.runs],
                 "ok_runs": len(ok), "failed_runs": len(tool.runs) - len(ok)}
        if secs:
            median = statistics.median(secs)
            moved = statistics.median([r.get("bytes") or size for r in ok])
            rss = [r["rss_kib"] for r in ok if "rss_kib" in r]
            cpu = [r.get("user_s", 0) + r.get("sys_s", 0) for r in ok if "user_s" in r]
            server_cpu = [r["server_cpu_s"] for r in ok if r.get("server_cpu_s") is not None]
            entry.update({
                "median_s": median, "min_s": min(secs), "max_s": max(secs),
                "mb_per_s": moved / 1e6 / median if moved else None,
                "rows_per_s": rows / median if rows else None,
                "peak_rss_mib": max(rss) / 1024 if rss else None,
                "client_cpu_s": statistics.median(cpu) if cpu else None,
                "server_cpu_s": statistics.median(server_cpu) if server_cpu else None,
            })
            phases = {}
            for r in ok:
                for q in r.get("server_queries") or []:
                    phases.setdefault(query_kind(q["query"]), []).append(q["elapsed"])
            if phases:
                entry["server_query_median_s"] = {k: statistics.median(v) for k, v in phases.items()
                                                  if statistics.median(v) >= 0.05}
            if tool.is_ferry and ferry_median is None:
                ferry_median = median
        out["tools"].append(entry)
    for entry in out["tools"]:
        if not entry["is_ferry"] and ferry_median is not None and entry.get("median_s"):
            entry["ferry_over_this"] = ferry_median / entry["median_s"]
    return out


def print_table(report):
    headers = ["scenario", "tool", "median", "min–max", "MB/s", "rows/s", "ferry/this", "RSS MiB", "CPU s", "srv CPU s", "ok"]
    lines = []
    for s in report["scenarios"]:
        ms = s["scenario"] in ("preview", "schema")
        for t in s["tools"]:
            if "median_s" in t:
                if ms:
                    med = f"{t['median_s'] * 1000:.1f} ms"
                    rng = f"{t['min_s'] * 1000:.1f}–{t['max_s'] * 1000:.1f}"
                else:
                    med = f"{t['median_s']:.2f} s"
                    rng = f"{t['min_s']:.2f}–{t['max_s']:.2f}"
                mbs = f"{t['mb_per_s']:.0f}" if t.get("mb_per_s") and not ms else ""
                rps = f"{t['rows_per_s'] / 1e6:.2f} M" if t.get("rows_per_s") else ""
                ratio = f"{t['ferry_over_this']:.2f}x" if "ferry_over_this" in t else ""
                rss = f"{t['peak_rss_mib']:.0f}" if t.get("peak_rss_mib") is not None else ""
                cpu = f"{t['client_cpu_s']:.2f}" if t.get("client_cpu_s") is not None and not ms else ""
                scpu = f"{t['server_cpu_s']:.2f}" if t.get("server_cpu_s") is not None and not ms else ""
            else:
                med, rng, mbs, rps, ratio, rss, cpu, scpu = "FAILED", "", "", "", "", "", "", ""
            ok = f"{t['ok_runs']}/{t['ok_runs'] + t['failed_runs']}"
            lines.append([s["scenario"], t["tool"], med, rng, mbs, rps, ratio, rss, cpu, scpu, ok])
    widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(headers)]
    right = {2, 3, 4, 5, 6, 7, 8, 9, 10}

    def fmt(row):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))

    d = report["data"]
    print()
    print(f"Ferry benchmark {report['started']}  ({report['machine']['cpus']} CPUs, {report['machine']['cpu']}, "
          f"ClickHouse {report['clickhouse_version']}, git {report['git'].get('commit', '?')[:10]}"
          f"{' +dirty' if report['git'].get('dirty') else ''})")
    print(f"link: {report.get('link', 'loopback, unshaped')}")
    print(f"data: {d['file']}: {d['rows']:,} rows, {d['bytes'] / 1e6:.1f} MB; "
          f"{report['args']['rounds']} rounds (preview/schema: {report['args']['reps']} repetitions)")
    print()
    print(fmt(headers))
    print(fmt(["-" * w for w in widths]))
    prev = None
    for l in lines:
        if prev is not None and l[0] != prev:
            print()
        prev = l[0]
        print(fmt(l))
    print()
    print("median/min–max: wall seconds of the whole command; MB/s: file bytes / median; ferry/this: Ferry's "
          "median / this tool's\n(< 1 means Ferry is faster); RSS: peak resident set of the client process; "
          "CPU s: client user+sys CPU seconds;\nsrv CPU s: clickhouse-server CPU seconds during the run (both share the 2 cores).")
    for s in report["scenarios"]:
        if s.get("note"):
            print(f"{s['scenario']}: {s['note']}")
    loads = [r["loadavg_before"] for s in report["scenarios"] for t in s["tools"] for r in t["runs"]
             if r.get("loadavg_before") is not None]
    # The benchmark itself keeps about 2 threads busy (client + server); more than that means competition.
    if loads and max(loads) > report["machine"]["cpus"] + 1:
        print(f"WARNING: the 1-minute load average before a run was up to {max(loads):.1f} on "
              f"{report['machine']['cpus']} CPUs: other processes competed; the numbers are noisy.")
    phase_lines = []
    for s in report["scenarios"]:
        for t in s["tools"]:
            for kind, secs in (t.get("server_query_median_s") or {}).items():
                phase_lines.append(f"  {s['scenario']:<8} {t['tool']:<28} {secs:7.2f} s  {kind}")
    if phase_lines:
        print("\nServer-side queries (median elapsed in system.processes, >= 0.05 s; --phases):")
        print("\n".join(phase_lines))


def git_info():
    info = {}
    try:
        info["commit"] = subprocess.run(["git", "-C", ROOT, "rev-parse", "HEAD"], capture_output=True, text=True,
                                        timeout=10).stdout.strip()
        info["dirty"] = bool(subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"],
                                            capture_output=True, text=True, timeout=30).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    return info


def machine_info():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_mib": mem, "kernel": platform.release(),
            "python": platform.python_version()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ferry", default=os.path.join(ROOT, "build", "ferry"), help="ferry binary (default build/ferry)")
    ap.add_argument("--rows", type=int, default=2_000_000, help="rows in the main CSV (default 2,000,000)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of import/export, tools alternating (default 3)")
    ap.add_argument("--reps", type=int, default=20, help="repetitions of preview/schema (default 20)")
    ap.add_argument("--only", help=f"comma-separated subset of: {','.join(SCENARIOS)}")
    ap.add_argument("--skip-generate", action="store_true",
                    help="use the data files as they are (by default they are regenerated when missing or when "
                         "their .meta.json does not match --rows/--seed)")
    ap.add_argument("--big-gb", type=float, default=1.0, help="size of the preview/schema file in GiB (default 1)")
    ap.add_argument("--seed", type=int, default=42, help="generator seed (default 42)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a single run is killed (default 900)")
    ap.add_argument("--server-dir", default=os.path.join(HERE, "data", "clickhouse"),
                    help="directory of the private ClickHouse (default bench/data/clickhouse)")
    ap.add_argument("--phases", action="store_true",
                    help="poll system.processes during each run (every 50 ms) and report the server-side time of "
                         "each query, e.g. Ferry's staging INSERT vs its INSERT ... SELECT")
    ap.add_argument("--keep-server", action="store_true", help="leave ClickHouse running at the end")
    ap.add_argument("--keep-outputs", action="store_true", help="keep the exported files in bench/data/out")
    ap.add_argument("--link", metavar="RATE",
                    help="run over a shaped link (tc tbf rate, e.g. 200mbit or 1gbit): ClickHouse in one network "
                         "namespace, every client in another, joined by a veth pair; needs root. Ferry also runs "
                         "with --compression none for comparison")
    ap.add_argument("--ferry-codecs", metavar="LIST",
                    help="comma-separated codecs (none,gzip,zstd,lz4) for extra Ferry runs with --compression "
                         "CODEC besides auto (default: none with --link, nothing without)")
    ap.add_argument("--tls", action="store_true",
                    help="import and export over TLS: Ferry HTTPS (and plain HTTP for reference) against "
                         "clickhouse-client --secure and curl over HTTPS, all to the server's own TLS ports")
    ap.add_argument("--netns-prefix", default="ferry-bench-",
                    help="prefix of the network namespaces --link creates and removes (default ferry-bench-)")
    ap.add_argument("--show", metavar="RESULTS_JSON", help="print the table of an earlier run and exit")
    args = ap.parse_args()
    if args.show:
        with open(args.show) as f:
            print_table(json.load(f))
        return
    if args.rounds < 1 or args.reps < 1:
        ap.error("--rounds and --reps must be at least 1")
    try:
        sys.exit(Bench(args).run())
    except KeyboardInterrupt:
        log("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
