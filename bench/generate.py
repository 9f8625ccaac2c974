#!/usr/bin/env python3
"""Writes the benchmark's CSV files (deterministic, python3 stdlib only).

    bench/generate.py                      # bench/data/rows_2000000.csv, 2,000,000 rows, ~325 MB
    bench/generate.py --rows 200000        # bench/data/rows_200000.csv
    bench/generate.py --size-gb 1          # bench/data/big_1gb.csv, ~1 GiB, for preview / schema timing
    bench/generate.py --out FILE --seed 7

Ten columns, with a header line:

    id           UInt64     1, 2, 3, ...
    name         String     person/company names; ~12% need quoting (a comma, doubled quotes "),
                            ~0.1% hold a newline inside the quotes
    amount       Float64    varied digits: 0-6 decimals, 1e-3 .. 1e7, ~2% negative
    qty          Int32      -1000 .. 100000, ~10% negative
    day          Date       YYYY-MM-DD, 2015-01-01 .. 2024-12-31
    ts           DateTime   YYYY-MM-DD hh:mm:ss
    maybe_empty  Nullable(String)   empty (unquoted) in ~30% of rows
    country      String     low cardinality (40 values, skewed)
    comment      String     free text, 40-200 characters (skewed short); ~15% quoted (commas)
    flag         UInt8      0/1

Next to each CSV it writes FILE.meta.json: rows, bytes, and the number of newlines inside quoted fields
(so a checker can compute the expected physical line count of an export without parsing the CSV).

Values stay within what ClickHouse 18.16's CSV parser accepts (see bench/README.md, "The data").
"""

import argparse
import datetime
import json
import os
import random
import sys
import time

HEADER = "id,name,amount,qty,day,ts,maybe_empty,country,comment,flag\n"

FIRST = ("Anna Ben Carla David Elena Farid Greta Hugo Ines Jonas Kira Lars Maria Nils Olga Pavel Quinn "
         "Rosa Sven Tara Ugo Vera Walter Xenia Yusuf Zoe Aiko Bruno Chen Dmitri Emeka Fatima Giulia "
         "Hiroshi Ivan Jamal Katarzyna Liam Mateo Noor").split()
LAST = ("Smith Müller García Rossi Novak Kowalski Tanaka Silva Dubois Jensen Ivanova O'Brien Nakamura "
        "Fischer Costa Schmidt Larsen Petrov Haddad Okafor Andersson Yilmaz Kim Nguyen Moreau Rahman "
        "Schneider Bianchi Horvat Popescu").split()
COMPANY = ("Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Tyrell Cyberdyne Soylent Wonka "
           "Gringotts Monarch Oscorp Aperture").split()
SUFFIX = ["Ltd", "GmbH", "Inc", "S.A.", "AG", "LLC", "Oy", "BV"]
WORDS = ("the quick brown fox jumps over lazy dog order shipped delayed customer requested refund "
         "invoice pending warehouse pallet delivery address updated contact support ticket resolved "
         "priority express standard return label damaged package replaced partial payment received "
         "discount applied loyalty member since account verified via phone email chat note agent "
         "follow up next week urgent backorder supplier confirmed tracking number carrier weekend").split()
COUNTRIES = ["DE", "US", "FR", "GB", "IT", "ES", "NL", "PL", "SE", "JP", "BR", "IN", "CN", "CA", "AU",
             "CH", "AT", "BE", "DK", "FI", "NO", "PT", "IE", "CZ", "HU", "RO", "GR", "TR", "MX", "AR",
             "ZA", "NG", "EG", "KR", "SG", "NZ", "IL", "AE", "UA", "United Kingdom"]
COUNTRY_WEIGHTS = [40 / (i + 1) for i in range(len(COUNTRIES))]

DAY0 = datetime.date(2015, 1, 1)
DAYS = (datetime.date(2024, 12, 31) - DAY0).days + 1
TS0 = datetime.datetime(2015, 1, 1)


def quote(text):
    return '"' + text.replace('"', '""') + '"'


def make_names(rng, n):
    out = []
    for _ in range(n):
        r = rng.random()
        if r < 0.70:
            s = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        elif r < 0.80:
            s = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}"
        elif r < 0.88:
            s = f"{rng.choice(COMPANY)} {rng.choice(SUFFIX)}"
        elif r < 0.94:  # needs quoting: a comma
            s = f"{rng.choice(LAST)}, {rng.choice(FIRST)}"
        elif r < 0.99:  # needs quoting: doubled quotes
            s = f'{rng.choice(COMPANY)} "{rng.choice(WORDS)}" {rng.choice(SUFFIX)}'
        elif r < 0.999:  # needs quoting: comma and quote
            s = f'{rng.choice(COMPANY)}, "{rng.choice(WORDS)}" Division'
        else:  # needs quoting: a newline
            s = f"{rng.choice(COMPANY)} {rng.choice(SUFFIX)}\nattn. {rng.choice(FIRST)}"
        out.append(quote(s) if ("," in s or '"' in s or "\n" in s) else s)
    return out


def make_comments(rng, n):
    out = []
    for _ in range(n):
        target = 40 + int(160 * rng.random() ** 3)  # 40..200, mean ~80
        words = []
        length = -1
        while length < target:
            w = rng.choice(WORDS)
            words.append(w)
            length += len(w) + 1
        s = " ".join(words)[:target].rstrip()
        while len(s) < 40:
            s += "."
        if rng.random() < 0.15:  # a comma at a word boundary: needs quoting
            spaces = [i for i, c in enumerate(s) if c == " "]
            cut = rng.choice(spaces)
            s = s[:cut] + "," + s[cut:]
            out.append(quote(s))
        else:
            out.append(s)
    return out


def make_amounts(rng, n):
    out = []
    for _ in range(n):
        magnitude = 10 ** rng.uniform(-3, 7)
        digits = rng.randint(0, 6)
        v = round(magnitude, digits)
        if rng.random() < 0.02:
            v = -v
        s = f"{v:.{digits}f}" if digits else str(int(v))
        out.append(s)
    return out


def build_records(rng, n, pools):
    """Returns (records, embedded_newlines): n records without their leading "id," field."""
    names, comments, amounts, days, tss, maybes = pools
    name_col = rng.choices(names, k=n)
    comment_col = rng.choices(comments, k=n)
    amount_col = rng.choices(amounts, k=n)
    day_col = rng.choices(days, k=n)
    ts_col = rng.choices(tss, k=n)
    maybe_col = rng.choices(maybes, k=n)
    country_col = rng.choices(COUNTRIES, weights=COUNTRY_WEIGHTS, k=n)
    randrange = rng.randrange
    random_ = rng.random
    records = [f"{name_col[i]},{amount_col[i]},"
               f"{randrange(-1000, 0) if random_() < 0.1 else randrange(0, 100000)},"
               f"{day_col[i]},{ts_col[i]},{maybe_col[i]},{country_col[i]},{comment_col[i]},"
               f"{1 if random_() < 0.3 else 0}\n" for i in range(n)]
    newlines = sum(1 for s in name_col if "\n" in s)
    return records, newlines


def with_ids(first_id, records):
    return "".join([f"{first_id + j},{r}" for j, r in enumerate(records)])


def make_pools(rng):
    names = make_names(rng, 200_000)
    comments = make_comments(rng, 300_000)
    amounts = make_amounts(rng, 500_000)
    days = [(DAY0 + datetime.timedelta(days=d)).isoformat() for d in range(DAYS)]
    tss = [(TS0 + datetime.timedelta(seconds=rng.randrange(0, DAYS * 86400))).strftime("%Y-%m-%d %H:%M:%S")
           for _ in range(300_000)]
    # ~30% empty; the rest short codes, some quoted (a comma inside).
    maybes = [""] * 30 + [f"ref-{rng.randrange(10**6):06d}" for _ in range(60)] + \
             [quote(f"see {rng.choice(WORDS)}, {rng.choice(WORDS)}") for _ in range(10)]
    return names, comments, amounts, days, tss, maybes


def write_meta(path, rows, newlines, seed):
    meta = {"rows": rows, "bytes": os.path.getsize(path), "embedded_newlines": newlines,
            "lines": rows + 1 + newlines, "seed": seed}
    with open(path + ".meta.json", "w") as f:
        json.dump(meta, f, indent=1)
    return meta


def generate(path, rows=None, size_bytes=None, seed=42, chunk=50_000, quiet=False):
    """Writes `rows` rows, or (size mode) as many rows as fit `size_bytes`, repeating a 400k-row pattern
    with fresh ids. Returns the meta dict."""
    rng = random.Random(seed)
    t0 = time.time()
    pools = make_pools(rng)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    written_rows = 0
    newlines = 0
    with open(tmp, "w", encoding="utf-8", newline="", buffering=16 << 20) as f:
        f.write(HEADER)
        if rows is not None:
            while written_rows < rows:
                records, nl = build_records(rng, min(chunk, rows - written_rows), pools)
                f.write(with_ids(written_rows + 1, records))
                written_rows += len(records)
                newlines += nl
                if not quiet and written_rows % 500_000 < chunk:
                    print(f"  {written_rows:,} rows, {time.time() - t0:.1f} s", file=sys.stderr)
        else:
            # Build a 400k-row pattern once, then repeat it with fresh ids until the file is big enough.
            pattern = []
            for _ in range(8):
                records, _nl = build_records(rng, chunk, pools)
                pattern.append((records, sum(len(r.encode("utf-8")) for r in records), _nl))
            size = len(HEADER)
            while size < size_bytes:
                for records, nbytes, nl in pattern:
                    text = with_ids(written_rows + 1, records)
                    f.write(text)
                    size += nbytes + len(text) - sum(len(r) for r in records)
                    written_rows += len(records)
                    newlines += nl
                    if size >= size_bytes:
                        break
                if not quiet:
                    print(f"  {written_rows:,} rows, {size / 2**20:.0f} MiB, {time.time() - t0:.1f} s",
                          file=sys.stderr)
    os.replace(tmp, path)
    meta = write_meta(path, written_rows, newlines, seed)
    if not quiet:
        print(f"wrote {path}: {meta['rows']:,} rows, {meta['bytes'] / 1e6:.1f} MB in {time.time() - t0:.1f} s",
              file=sys.stderr)
    return meta


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=2_000_000, help="rows to write (default 2,000,000)")
    ap.add_argument("--size-gb", type=float, help="write about this many GiB instead of --rows rows")
    ap.add_argument("--out", help="output file (default bench/data/rows_N.csv or bench/data/big_Xgb.csv)")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    if args.size_gb:
        out = args.out or os.path.join(here, "data", f"big_{args.size_gb:g}gb.csv")
        generate(out, size_bytes=int(args.size_gb * 2**30), seed=args.seed)
    else:
        out = args.out or os.path.join(here, "data", f"rows_{args.rows}.csv")
        generate(out, rows=args.rows, seed=args.seed)


if __name__ == "__main__":
    main()
