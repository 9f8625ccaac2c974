#pragma once
/// `--partition-by EXPR`: a ClickHouse expression over the exported rows (e.g. `toYYYYMM(day)`), one of
/// the few places where user text is SQL. It is contained rather than parsed: a small tokenizer (strings,
/// quoted identifiers, brackets as ClickHouse reads them) accepts one expression only - brackets balanced,
/// no `;`, no comments, no `SELECT` anywhere (no subqueries), and at bracket depth 0 no comma and none of
/// the clause keywords (FROM, WHERE, GROUP, ORDER, LIMIT, UNION, SETTINGS, FORMAT, INTO, JOIN, AS ...) that
/// could end the expression and start another part of the query. Ferry then always wraps it in brackets,
/// and ClickHouse itself checks the rest (unknown columns, wrong types) when the first query runs.

#include <string>
#include <string_view>

namespace ferry::pipeline {

/// Throws Error(Usage) naming what is not allowed and where; returns the expression in brackets.
std::string contained_partition_expression(std::string_view expression);

} // namespace ferry::pipeline
