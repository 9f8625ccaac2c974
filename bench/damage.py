#!/usr/bin/env python3
"""Writes a copy of a CSV file with about 1 % of its records damaged, for the parse-speed benchmark
(bench/parse_speed.cpp): every Nth line that holds no quote (a whole record on one line) gets one damage in
turn: a stray quote inside an unquoted field, text after a closing quote, an extra field, a missing field.

    python3 bench/damage.py bench/data/parse_300mb.csv bench/data/parse_300mb_damaged.csv --every 100
"""
import argparse
import sys


def damage(line: bytes, kind: int) -> bytes:
    """kind 0-3 as in the module comment; 4: a quote that never closes at the start of the second field."""
    body = line.rstrip(b"\r\n")
    end = line[len(body):]
    fields = body.split(b",")
    if kind == 0:  # stray quote in an unquoted field
        fields[1] = fields[1][:1] + b'"' + fields[1][1:]
    elif kind == 1:  # text after a closing quote
        fields[1] = b'"' + fields[1] + b'"x'
    elif kind == 2:  # one field too many
        fields.append(b"extra")
    elif kind == 3:  # one field missing
        fields.pop()
    else:  # a quote that never closes
        fields[1] = b'"' + fields[1]
    return b",".join(fields) + end


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--every", type=int, default=100, help="damage one line in this many (default 100: 1 %%)")
    ap.add_argument("--unclosed", action="store_true",
                    help="every damage is a quote that never closes (the worst case for the lookahead bound)")
    args = ap.parse_args()
    damaged = lines = 0
    with open(args.src, "rb") as src, open(args.dst, "wb", buffering=16 << 20) as dst:
        for number, line in enumerate(src, 1):
            lines += 1
            if number > 1 and number % args.every == 0 and b'"' not in line and line.count(b",") >= 2:
                line = damage(line, 4 if args.unclosed else damaged % 4)
                damaged += 1
            dst.write(line)
    print(f"{args.dst}: {damaged:,} of {lines:,} lines damaged", file=sys.stderr)


if __name__ == "__main__":
    main()
