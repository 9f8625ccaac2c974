#!/usr/bin/env python3
"""Runs Ferry's sniffer over CSV files no one here wrote and reports the share whose dialect and header it
gets right. Ground truth: DuckDB's own sniffer tests (test/**/*.test), which assert `FROM sniff_csv('file')`
(no options) answers with delimiter, quote, escape, newline, comment, skip rows and header for files under
data/csv/. DuckDB passes these tests by construction (100% of its own expectations).

    python3 bench/sniff_corpus.py --duckdb /work/.mirror/duckdb+duckdb/repo [--ferry build/ferry]

The DuckDB checkout is a bare git directory (as the search tool's fetch gives it); files are read with
`git show` into a temporary directory and removed afterwards. Nothing third-party is committed."""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

CALL = re.compile(r"^\s*(?:SELECT \* )?FROM sniff_csv\('(?:\{DATA_DIR\}|data)/csv/([^']+)'(.*)\)\s*;?\s*$",
                  re.IGNORECASE)
# Options that change what DuckDB sniffs for a dialect; a query with one is not a plain expectation.
DIALECT_OPTIONS = re.compile(r"delim|sep|quote|escape|header|skip|names|comment|new_line|columns|types|"
                             r"auto_detect|null_padding|strict_mode|ignore_errors", re.IGNORECASE)


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], capture_output=True, check=True).stdout


def expectations(repo):
    """(path under data/csv, delimiter, quote, skip, header) from every plain sniff_csv query."""
    files = git(repo, "ls-tree", "-r", "--name-only", "HEAD", "test").decode().split("\n")
    out = {}
    for name in files:
        if not name.endswith((".test", ".test_slow")):
            continue
        lines = git(repo, "show", f"HEAD:{name}").decode("utf-8", "replace").split("\n")
        for i, line in enumerate(lines):
            m = CALL.match(line)
            if not m or i + 2 >= len(lines) or lines[i + 1].strip() != "----":
                continue
            if DIALECT_OPTIONS.search(m.group(2)):
                continue
            cells = lines[i + 2].split("\t")
            if len(cells) < 7:
                continue
            delimiter, quote, _escape, _newline, comment, skip, header = cells[:7]
            unescape = {"\\t": "\t", "(empty)": ""}
            out[m.group(1)] = (unescape.get(delimiter, delimiter), unescape.get(quote, quote),
                               comment, int(skip), header.strip() in ("1", "true"))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duckdb", required=True, help="DuckDB git directory")
    parser.add_argument("--ferry", default=os.path.join(os.path.dirname(__file__), "..", "build", "ferry"))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    cases = expectations(args.duckdb)
    totals = {"files": 0, "delimiter": 0, "header": 0, "skip": 0, "quote": 0, "all": 0, "errors": 0}
    misses = []
    with tempfile.TemporaryDirectory() as tmp:
        for path, (delimiter, quote, comment, skip, header) in sorted(cases.items()):
            try:
                data = git(args.duckdb, "show", f"HEAD:data/csv/{path}")
            except subprocess.CalledProcessError:
                continue
            local = os.path.join(tmp, path.replace("/", "__"))
            with open(local, "wb") as f:
                f.write(data)
            totals["files"] += 1
            run = subprocess.run([args.ferry, "columns", "--json", "--file", local], capture_output=True)
            got = None
            if run.returncode == 0:
                got = json.loads(run.stdout)["dialect"]
            else:
                # A file Ferry refuses to load (a bad row): the sniffed dialect is still what the API shows.
                totals["errors"] += 1
                misses.append((path, "error: " + run.stderr.decode("utf-8", "replace").strip()[:120]))
                continue
            got_delim = "\t" if got["delimiter"] == "tab" else got["delimiter"]
            ok_delim = got_delim == delimiter
            ok_header = got["header"] == header
            # DuckDB counts comment lines apart from skip rows; Ferry skips them as lines.
            ok_skip = got["skip_lines"] == skip or (comment != "" and got["skip_lines"] >= skip)
            ok_quote = quote == "" or got["quote"] == quote  # "(empty)": no quote seen, any default is right
            for key, ok in (("delimiter", ok_delim), ("header", ok_header), ("skip", ok_skip), ("quote", ok_quote)):
                totals[key] += ok
            if ok_delim and ok_header and ok_skip and ok_quote:
                totals["all"] += 1
            else:
                misses.append((path, f"expected delim={delimiter!r} quote={quote!r} skip={skip} header={header}; "
                                     f"got delim={got_delim!r} quote={got['quote']!r} skip={got['skip_lines']} "
                                     f"header={got['header']}"))
    n = totals["files"]
    print(f"{n} DuckDB test files with a plain sniff_csv expectation")
    for key in ("delimiter", "quote", "skip", "header", "all"):
        print(f"  {key:9s} {totals[key]:3d}/{n} = {100.0 * totals[key] / max(n, 1):.0f}%")
    print(f"  refused   {totals['errors']} (a row the strict reader would stop at)")
    if args.verbose:
        for path, why in misses:
            print(f"  miss {path}: {why}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
