#include "modern/modern_test.h"

#include <fstream>

#include "clickhouse/sql.h"

namespace ferry::modern {

void ModernTest::SetUp() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("m_") + info->test_suite_name() + "_" + info->name();
    for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            c = '_';
        }
    }
    database_ = name;
    query("DROP DATABASE IF EXISTS " + clickhouse::quote_identifier(database_));
    query("CREATE DATABASE " + clickhouse::quote_identifier(database_));
    query("USE " + clickhouse::quote_identifier(database_));
    directory_ = std::filesystem::temp_directory_path() / ("ferry-modern-files-" + database_);
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
}

void ModernTest::TearDown() {
    try {
        query("USE default");
        query("DROP DATABASE IF EXISTS " + clickhouse::quote_identifier(database_));
    } catch (const std::exception& e) {
        ADD_FAILURE() << "dropping " << database_ << ": " << e.what();
    }
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
}

std::string ModernTest::query_error(std::string_view sql) {
    try {
        engine().query(sql);
    } catch (const ChdbError& e) {
        return e.what();
    }
    ADD_FAILURE() << "the engine accepted: " << sql;
    return "";
}

std::string ModernTest::write_file(const std::string& name, std::string_view bytes) {
    const auto path = directory_ / name;
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    return path.string();
}

std::vector<std::vector<std::string>> split_tsv(std::string_view body) {
    std::vector<std::vector<std::string>> rows;
    while (!body.empty()) {
        const std::size_t end = std::min(body.find('\n'), body.size());
        const std::string_view line = body.substr(0, end);
        body.remove_prefix(std::min(end + 1, body.size()));
        std::vector<std::string> fields;
        std::size_t start = 0;
        while (true) {
            const std::size_t tab = line.find('\t', start);
            fields.emplace_back(line.substr(start, tab - start));
            if (tab == std::string_view::npos) {
                break;
            }
            start = tab + 1;
        }
        rows.push_back(std::move(fields));
    }
    return rows;
}

} // namespace ferry::modern
