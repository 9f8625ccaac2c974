#include "pipeline/load_plan.h"

#include <fmt/format.h>

#include "common/error.h"

namespace ferry::pipeline {

using clickhouse::EngineRole;
using clickhouse::TargetFacts;

namespace {

/// A plain private table: no merges that collapse rows before they are counted, no proxying.
constexpr const char* kPlainStaging = "MergeTree ORDER BY tuple()";

std::string view_list(const TargetFacts& facts) {
    std::string list;
    for (const auto& view : facts.views) {
        list += (list.empty() ? "" : ", ") + view;
    }
    return list;
}

void refuse_unloadable(const TargetFacts& facts) {
    if (facts.role == EngineRole::ReadOnly) {
        std::string advice;
        if (facts.engine == "MaterializedView") {
            advice = "; load the table it reads from, and the view fills itself";
        } else if (facts.engine == "View") {
            advice = "; load the table it selects from";
        } else if (facts.engine == "Merge") {
            advice = "; load one of the tables it reads";
        }
        throw Error(ErrorKind::Usage, fmt::format("table '{}' is a {} table, which cannot be loaded{}",
                                                  facts.table, facts.engine, advice));
    }
    if (!facts.can_insert) {
        throw Error(ErrorKind::Auth,
                    fmt::format("the user may only read (readonly): cannot load table '{}'", facts.table));
    }
    if (facts.engine == "Distributed" && facts.shards > 1 && !facts.sharding_key) {
        throw Error(ErrorKind::Usage,
                    fmt::format("table '{}' is a Distributed table over {} shards without a sharding key, "
                                "which ClickHouse cannot insert into; load its local tables, or recreate it "
                                "with a sharding key (e.g. rand())",
                                facts.table, facts.shards));
    }
}

LoadPlan direct_plan(const TargetFacts& facts, LoadMode mode) {
    if (mode == LoadMode::Replace) {
        throw Error(ErrorKind::Usage,
                    fmt::format("cannot replace the rows of '{}': the user may not create tables (needed to "
                                "keep the old rows until the new ones are in); append instead",
                                facts.table));
    }
    LoadPlan plan;
    plan.kind = StrategyKind::Direct;
    plan.prevalidate = true;
    plan.note = "no right to create a staging table: the whole file is checked first, then inserted directly "
                "in batches";
    plan.warning = fmt::format("not all-or-nothing: every row is checked before the first is sent, but if "
                               "the server or network fails during the load, the batches sent before stay "
                               "in '{}' (the count is reported)",
                               facts.table);
    return plan;
}

} // namespace

std::string_view to_string(StrategyKind kind) {
    switch (kind) {
    case StrategyKind::None:
        return "none";
    case StrategyKind::StagingAttach:
        return "staging_attach";
    case StrategyKind::StagingCopy:
        return "staging_copy";
    case StrategyKind::Direct:
        return "direct";
    }
    return "none";
}

LoadPlan choose_strategy(const TargetFacts& facts, LoadMode mode) {
    refuse_unloadable(facts);
    if (!facts.can_create_tables) {
        return direct_plan(facts, mode);
    }
    const bool has_views = !facts.views.empty();
    if (facts.role == EngineRole::MergeTree && !has_views) {
        if (const auto clause = clickhouse::private_engine_clause(facts.engine_full)) {
            LoadPlan plan;
            plan.kind = StrategyKind::StagingAttach;
            plan.atomic = true;
            plan.staging_engine = *clause;
            plan.note = mode == LoadMode::Replace
                            ? "rows go to a private staging table, whose parts then replace the target's "
                              "partitions: all or nothing"
                            : "rows go to a private staging table, whose parts are then attached to the "
                              "target: all or nothing";
            return plan;
        }
    }
    if (mode == LoadMode::Replace) {
        if (has_views || facts.role == EngineRole::Proxy) {
            throw Error(ErrorKind::Usage,
                        fmt::format("cannot replace the rows of '{}' ({}{}): ClickHouse cannot truncate it and "
                                    "load it in one step; truncate it yourself and append",
                                    facts.table, facts.engine,
                                    has_views ? ", feeding materialized views " + view_list(facts) : ""));
        }
    }
    LoadPlan plan;
    plan.kind = StrategyKind::StagingCopy;
    plan.staging_engine = kPlainStaging;
    std::string why;
    if (has_views) {
        why = fmt::format("'{}' feeds materialized views ({}), which fire only on INSERT", facts.table,
                          view_list(facts));
    } else if (facts.engine == "Distributed") {
        why = fmt::format("'{}' is Distributed over {} shard{}", facts.table, facts.shards,
                          facts.shards == 1 ? "" : "s");
    } else {
        why = fmt::format("'{}' is a {} table", facts.table, facts.engine);
    }
    plan.note = fmt::format("{}: rows go to a private staging table and are checked, then copied into '{}' "
                            "with one INSERT ... SELECT{}",
                            why, facts.table, mode == LoadMode::Replace ? " after TRUNCATE" : "");
    plan.warning = fmt::format("nothing reaches '{}' until the whole file is staged and checked, but "
                               "ClickHouse does not make the final copy atomic: a server fault during it can "
                               "leave part of the rows{}",
                               facts.table,
                               facts.engine == "Distributed" ? " (on some shards)"
                               : has_views                   ? " (in the table and its views)"
                                                             : "");
    if (mode == LoadMode::Replace) {
        plan.warning += "; the old rows are gone once the copy starts";
    }
    return plan;
}

} // namespace ferry::pipeline
