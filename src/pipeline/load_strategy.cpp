#include "pipeline/load_strategy.h"

#include "common/error.h"
#include "pipeline/direct_insert.h"
#include "pipeline/staging_attach.h"
#include "pipeline/staging_copy.h"

namespace ferry::pipeline {

std::unique_ptr<LoadStrategy> make_load_strategy(const LoadPlan& plan, LoadMode mode,
                                                 clickhouse::HttpClient& client,
                                                 const clickhouse::TargetFacts& facts,
                                                 const std::string& load_key) {
    switch (plan.kind) {
    case StrategyKind::StagingAttach:
        return std::make_unique<StagingAttach>(plan, mode, client, facts);
    case StrategyKind::StagingCopy:
        return std::make_unique<StagingCopy>(plan, mode, client, facts);
    case StrategyKind::Direct:
        return std::make_unique<DirectInsert>(facts, load_key);
    case StrategyKind::None:
        break;
    }
    throw Error(ErrorKind::Internal, "no load strategy chosen");
}

LoadPlan plan_for_table(clickhouse::HttpClient& client, const std::string& table, LoadMode mode) {
    auto facts = clickhouse::read_target_facts(client, table);
    if (facts.exists) {
        return choose_strategy(facts, mode);
    }
    facts.engine = "MergeTree";
    facts.engine_full = "MergeTree ORDER BY tuple()";
    facts.role = clickhouse::EngineRole::MergeTree;
    auto plan = choose_strategy(facts, mode);
    plan.note = "the table will be created as MergeTree; " + plan.note;
    return plan;
}

bool is_permission_error(const std::exception& error) {
    const auto* ferry_error = dynamic_cast<const Error*>(&error);
    if (!ferry_error) {
        return false;
    }
    // 164 READONLY, 392 QUERY_IS_PROHIBITED (allow_ddl = 0), 497 ACCESS_DENIED (a missing grant, 20.x+).
    const int code = ferry_error->context().server_code;
    return code == 164 || code == 392 || code == 497;
}

} // namespace ferry::pipeline
