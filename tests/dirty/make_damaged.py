#!/usr/bin/env python3
"""Writes damaged CSV files for the dirty-rows harness (tests/integration/damaged_files_test.cpp): clean tables,
each damaged one way at a time, with the clean version and the expected outcome beside each damaged file:

    OUT/<case>.csv        the damaged file
    OUT/<case>.clean.csv  the same table, clean (comma, ", LF, header)
    OUT/<case>.json       what `ferry import --create --on-error skip` must do with it:
        damage, scope ("row" or "file"), table, flags (extra ferry flags),
        records        data records in the damaged file: rows loaded + rows rejected must equal it
        loaded         the rows that must arrive exactly, as text (TabSeparated read-back of the table)
        rejected_lines the lines (1-based, physical) where damaged records start: each must be in the rejects file
        accept_instead {line: [values]}: a damaged record that may load as these values instead of being rejected
        refused        a phrase of the error when the import must refuse the file (an empty file with --create)

Usage: make_damaged.py OUT_DIR [--list]. The expectations are written by hand here from the damage done, not
copied from Ferry's output. Same style as tests/fixtures/messy/make_fixtures.py."""
import json
import os
import sys

# --- clean tables: values chosen to read back from ClickHouse exactly as written (Int64, Float64, Date,
# DateTime, String), with delimiters, spaces and apostrophes inside strings so quoting happens. ----------------
PEOPLE_COLUMNS = ["id", "name", "price", "day"]
PEOPLE = [[str(i), name, price, f"2024-03-{i:02d}"] for i, (name, price) in enumerate([
    ("Ann", "1.5"), ("Smith, John", "2.25"), ("O'Hara", "10.75"), ("Bo Lee", "3"), ("Cy", "4.5"),
    ("Dee", "0.5"), ("Gus the bus", "7.25"), ("Hal", "8"), ("Ida, Jr", "9.5"), ("Jo", "11.25"),
    ("Kim", "12.5"), ("Lu", "13"),
], start=1)]

READINGS_COLUMNS = ["station", "reading", "at", "note"]
READINGS = [[f"ST{i % 4}", str((i * 37) % 200 - 60), f"2024-01-{1 + i % 28:02d} {i % 24:02d}:{(i * 7) % 60:02d}:00",
             ["ok", "calm, dry", "gusty", "it's raining", "fog at dawn"][i % 5]] for i in range(1, 16)]

TABLES = {"people": (PEOPLE_COLUMNS, PEOPLE), "readings": (READINGS_COLUMNS, READINGS)}


def field(value, delimiter, quote):
    needs = (delimiter in value or (quote and quote in value) or "\n" in value or "\r" in value
             or value != value.strip())
    if needs and quote:
        return quote + value.replace(quote, quote * 2) + quote
    return value


def line(values, delimiter=",", quote='"'):
    return delimiter.join(field(v, delimiter, quote) for v in values)


def tsv(values):
    return "\t".join(values)


class Case:
    def __init__(self, out, table, damage, scope):
        self.out, self.table, self.damage, self.scope = out, table, damage, scope
        self.name = f"{table}__{damage}"
        self.columns, self.rows = TABLES[table]
        self.flags = []
        self.rejected_lines = []
        self.accept_instead = {}
        self.refused = None

    def write(self, text, loaded, records, columns=None):
        with open(os.path.join(self.out, self.name + ".csv"), "wb") as f:
            f.write(text.encode("utf-8"))
        with open(os.path.join(self.out, self.name + ".clean.csv"), "wb") as f:
            f.write("".join(line(r) + "\n" for r in [self.columns] + self.rows).encode("utf-8"))
        expected = {
            "damage": self.damage, "scope": self.scope, "table": self.table, "flags": self.flags,
            "columns": columns or self.columns, "records": records, "loaded": [tsv(r) for r in loaded],
            "rejected_lines": self.rejected_lines,
            "accept_instead": {str(k): tsv(v) for k, v in self.accept_instead.items()},
            "refused": self.refused,
        }
        with open(os.path.join(self.out, self.name + ".json"), "w") as f:
            json.dump(expected, f, indent=1)
            f.write("\n")


def row_damages(out, table):
    """One record of the table damaged; every other record must load exactly."""
    columns, rows = TABLES[table]
    middle = len(rows) // 2
    bad_line = 2 + middle  # header on line 1

    def case(damage, damaged_text, extra_records=0, extra_rejected=()):
        c = Case(out, table, damage, "row")
        body = [line(r) for r in rows]
        body[middle] = damaged_text
        c.rejected_lines = [bad_line, *extra_rejected]
        loaded = [r for i, r in enumerate(rows) if i != middle]
        return c, "\n".join([line(columns)] + body) + "\n", loaded, len(rows) + extra_records

    r = rows[middle]
    cases = []
    # One delimiter too many or too few.
    cases.append(case("extra_delimiter", line(r[:2]) + ",," + line(r[2:])))
    cases.append(case("missing_delimiter", line(r[:1]) + "," + line(r[1:3]).replace(",", "", 1) + "," + line(r[3:])))
    # A quote inside an unquoted field, and a quote that never closes.
    cases.append(case("stray_quote", line([r[0], r[1][:1] + '"' + r[1][1:]] + r[2:])))
    cases.append(case("unclosed_quote", line(r[:1]) + ',"' + line(r[1:]).replace('"', "")))
    # Backslash-escaped quotes in a file that doubles them elsewhere: rejected, or read as meant.
    c, text, loaded, records = case("escape_characters", line(r[:1]) + ',"\\"' + r[1].replace('"', "") + '\\" x",' +
                                    line(r[2:]))
    c.accept_instead[bad_line] = [r[0], '"' + r[1] + '" x'] + r[2:]
    cases.append((c, text, loaded, records))
    # A line break inside an unquoted field: two records, each of the wrong width.
    split = line([r[0], r[1][:1]]) + "\n" + line([r[1][1:]] + r[2:])
    cases.append(case("newline_in_field", split, extra_records=1, extra_rejected=(bad_line + 1,)))
    # One record with another delimiter.
    cases.append(case("other_delimiter", line(r, ";", '"')))
    for c, text, loaded, records in cases:
        c.write(text, loaded, records)


def file_damages(out, table):
    """The whole file written another way; every record must load exactly (or the file be refused)."""
    columns, rows = TABLES[table]

    def plain(damage, text, flags=(), loaded=None, records=None, columns_=None, rejected=()):
        c = Case(out, table, damage, "file")
        c.flags = list(flags)
        c.rejected_lines = list(rejected)
        c.write(text, rows if loaded is None else loaded, len(rows) if records is None else records, columns_)
        return c

    def body(delimiter=",", quote='"', eol="\n", header=True, data=None):
        return "".join(line(r, delimiter, quote) + eol for r in ([columns] if header else []) + (data or rows))

    for damage, delimiter in [("delimiter_semicolon", ";"), ("delimiter_tab", "\t"), ("delimiter_pipe", "|"),
                              ("delimiter_space", " ")]:
        plain(damage, body(delimiter))
    # ", " between fields (a, b, c): --trim drops the spaces.
    plain("delimiter_comma_space", "".join(", ".join(field(v, ",", '"') for v in r) + "\n" for r in [columns] + rows),
          flags=["--trim"])
    plain("quote_apostrophe", body(",", "'"))
    plain("eol_lf", body(eol="\n"))
    plain("eol_cr", body(eol="\r"))
    plain("eol_crlf", body(eol="\r\n"))
    plain("preamble", "Exported by report-tool 4.2\nGenerated 2024-05-01 12:00\n\n" + body())
    # Extra header rows (units, descriptions): the rows after the first header are rejected, the data loads.
    units = [f"({c} unit)" for c in columns]
    text = body(data=[units] + rows)
    plain("header_rows_2", text, records=len(rows) + 1, rejected=[2])
    plain("header_rows_3", body(data=[units, [f"about {c}" for c in columns]] + rows), records=len(rows) + 2,
          rejected=[2, 3])
    plain("no_header", body(header=False), columns_=[f"c{i}" for i in range(1, len(columns) + 1)])
    plain("one_data_row", body(data=rows[:1]), loaded=rows[:1], records=1)
    empty = Case(out, table, "empty", "file")
    empty.refused = "is empty"
    empty.write("", [], 0)
    # Two tables: a blank line, then another header and its rows. The first loads; the rest is rejected.
    other = [["k", "v"], ["a", "1"], ["b", "2"]]
    first = rows[:5]
    text = body(data=first) + "\n" + "".join(line(r) + "\n" for r in other)
    blank = 2 + len(first)
    plain("two_tables", text, loaded=first, records=len(first) + 1 + len(other),
          rejected=list(range(blank, blank + 1 + len(other))))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for table in TABLES:
        row_damages(out, table)
        file_damages(out, table)
    if "--list" in sys.argv:
        for name in sorted(os.listdir(out)):
            if name.endswith(".json"):
                print(name[:-5])


if __name__ == "__main__":
    main()
