#include "clickhouse/prefetched_queries.h"

#include <algorithm>
#include <thread>

namespace ferry::clickhouse {

void PrefetchedQueries::prefetch(const std::vector<std::string>& sqls) {
    std::vector<std::string> todo;
    for (const auto& sql : sqls) {
        if (!answers_.contains(sql) && std::find(todo.begin(), todo.end(), sql) == todo.end()) {
            todo.push_back(sql);
        }
    }
    if (todo.size() < 2) {
        return;
    }
    const std::size_t lanes = std::min(kLanes, todo.size());
    std::vector<Answer> answers(todo.size());
    std::vector<std::thread> threads;
    threads.reserve(lanes);
    for (std::size_t lane = 0; lane < lanes; ++lane) {
        threads.emplace_back([&, lane] {
            try {
                HttpClient client(client_.connection());
                for (std::size_t i = lane; i < todo.size(); i += lanes) {
                    try {
                        answers[i].body = client.query(todo[i], {}, cancel_);
                    } catch (...) {
                        answers[i].error = std::current_exception();
                    }
                }
            } catch (...) {
                // The lane could not even start (no connection handle): its queries fail the same way.
                for (std::size_t i = lane; i < todo.size(); i += lanes) {
                    answers[i].error = std::current_exception();
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (std::size_t i = 0; i < todo.size(); ++i) {
        answers_[todo[i]] = std::move(answers[i]);
    }
}

std::string PrefetchedQueries::run(const std::string& sql) {
    if (const auto found = answers_.find(sql); found != answers_.end()) {
        if (found->second.error) {
            std::rethrow_exception(found->second.error);
        }
        return found->second.body;
    }
    return client_.query(sql, {}, cancel_);
}

} // namespace ferry::clickhouse
