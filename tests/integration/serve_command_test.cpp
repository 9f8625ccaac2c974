/// The real `ferry serve` binary in shared mode: what it refuses at start (and the advice it gives), the
/// sign-in link it prints in token mode, and `ferry users add` feeding `--auth users FILE`. Non-loopback
/// addresses are only used for refusals, which happen before anything is bound.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <regex>

#include "api_support.h"
#include "common/error.h"

namespace ferry::test {
namespace {

namespace fs = std::filesystem;

/// `ferry serve ARGS` in the background, its stdout read line by line; stopped with SIGTERM.
class ServeProcess {
public:
    explicit ServeProcess(const std::string& args) {
        int out[2];
        EXPECT_EQ(::pipe(out), 0);
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], STDOUT_FILENO);
            ::close(out[0]);
            ::close(out[1]);
            const std::string command = "exec " + std::string(FERRY_BINARY) + " serve " + args;
            ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::close(out[1]);
        out_ = out[0];
    }
    ~ServeProcess() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        ::close(out_);
    }

    /// Reads stdout until a line starting with `prefix` arrives (or 30 s pass); returns it, or "".
    std::string line_starting(const std::string& prefix) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            for (auto end = buffer_.find('\n'); end != std::string::npos; end = buffer_.find('\n')) {
                auto line = buffer_.substr(0, end);
                buffer_.erase(0, end + 1);
                output_ += line + "\n";
                if (line.starts_with(prefix)) {
                    return line;
                }
            }
            pollfd p{out_, POLLIN, 0};
            if (::poll(&p, 1, 200) > 0) {
                char chunk[4096];
                const auto n = ::read(out_, chunk, sizeof(chunk));
                if (n <= 0) {
                    return "";
                }
                buffer_.append(chunk, static_cast<std::size_t>(n));
            }
        }
        return "";
    }
    const std::string& output() const { return output_; }

private:
    pid_t pid_ = -1;
    int out_ = -1;
    std::string buffer_;
    std::string output_;
};

class ServeCommand : public ClickHouseTest {
protected:
    CommandResult serve(const std::string& args) {
        return run_command(std::string(FERRY_BINARY) + " serve --data-dir " +
                           shell_quote(scratch("data").string()) + " " + args);
    }
};

TEST_F(ServeCommand, RefusesANonLoopbackAddressWithoutItsNames) {
    const auto result = serve("--listen 0.0.0.0:0");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("0.0.0.0:0 is not a loopback address"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("--public-url URL"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("--allow-host NAME"), std::string::npos) << result.err;
}

TEST_F(ServeCommand, RefusesPlainHttpOnANonLoopbackAddressUnlessTold) {
    const auto result = serve("--listen 0.0.0.0:0 --public-url https://ferry.example.com");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("--tls-cert FILE --tls-key FILE"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("--insecure-http"), std::string::npos) << result.err;

    const auto open = serve("--listen 0.0.0.0:0 --allow-host ferry.lan --insecure-http --auth none");
    EXPECT_EQ(open.exit_code, 2);
    EXPECT_NE(open.err.find("--auth none would let anyone"), std::string::npos) << open.err;

    const auto half = serve("--listen 127.0.0.1:0 --tls-cert x.pem");
    EXPECT_EQ(half.exit_code, 2);
    EXPECT_NE(half.err.find("both --tls-cert FILE and --tls-key FILE"), std::string::npos) << half.err;
}

TEST_F(ServeCommand, WarnsAboutInsecureHttpWithoutBinding) {
    server::ServerOptions options;
    options.listen = "0.0.0.0:0";
    options.data_dir = scratch("data");
    options.allow_hosts = {"ferry.lan"};
    options.insecure_http = true;
    const server::Server server(options); // decides its policy; start() is never called, nothing is bound
    EXPECT_NE(server.warning().find("plain http"), std::string::npos) << server.warning();
    EXPECT_NE(server.sign_in_url().find("/?token="), std::string::npos) << "token mode is the default";
}

TEST_F(ServeCommand, PrintsTheSignInLinkInTokenMode) {
    ServeProcess process("--listen 127.0.0.1:0 --auth token --data-dir " +
                         shell_quote(scratch("data").string()) + " --web-dir " +
                         shell_quote(scratch("web").string()));
    const auto line = process.line_starting("Sign in: ");
    std::smatch match;
    ASSERT_TRUE(std::regex_match(line, match,
                                 std::regex(R"(Sign in: (http://127\.0\.0\.1:\d+)/\?token=([0-9a-f]{64}))")))
        << process.output();
    const std::string base = match[1];
    const std::string token = match[2];

    EXPECT_EQ(http(base, HttpCall{"GET", "/api/files", "", {}}).status, 401);
    const auto link = http(base, HttpCall{"GET", "/?token=" + token, "", {}});
    EXPECT_EQ(link.status, 303);
    const auto cookie = link.headers.at("set-cookie").substr(0, link.headers.at("set-cookie").find(';'));
    EXPECT_EQ(http(base, HttpCall{"GET", "/api/files", "", {"Cookie: " + cookie}}).status, 200);
}

TEST_F(ServeCommand, TakesTheTokenFromAFileWithoutPrintingIt) {
    const std::string token = "tok-" + std::string(60, '7');
    write_file(scratch("token"), token + "\n");
    ServeProcess process("--listen 127.0.0.1:0 --auth token --token-file " +
                         shell_quote(scratch("token").string()) + " --data-dir " +
                         shell_quote(scratch("data").string()));
    const auto line = process.line_starting("Sign in: ");
    ASSERT_FALSE(line.empty()) << process.output();
    EXPECT_EQ(process.output().find(token), std::string::npos) << process.output();
    const auto base =
        process.output().substr(std::string("Ferry is serving on ").size(),
                                process.output().find('\n') - std::string("Ferry is serving on ").size());
    const auto right = http(base, HttpCall{"POST",
                                           "/api/session",
                                           R"({"token": ")" + token + "\"}",
                                           {"Content-Type: application/json"}});
    EXPECT_EQ(right.status, 200) << right.body << " " << base;

    write_file(scratch("short"), "abc\n");
    const auto result = run_command(std::string(FERRY_BINARY) + " serve --listen 127.0.0.1:0 --token-file " +
                                    shell_quote(scratch("short").string()) + " --auth token");
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("shorter than 32 characters"), std::string::npos) << result.err;
}

TEST_F(ServeCommand, UsersAddWritesAFileTheServerSignsInWith) {
    const auto file = scratch("users.txt");
    const auto add = run_command("printf 'correct horse\\n' | " + std::string(FERRY_BINARY) + " users add " +
                                 shell_quote(file.string()) + " alice --admin");
    ASSERT_EQ(add.exit_code, 0) << add.err;
    const auto content = read_file(file);
    EXPECT_TRUE(std::regex_match(content, std::regex(R"(alice:\$argon2id\$[^:\n]+:admin\n)"))) << content;
    EXPECT_EQ(content.find("correct horse"), std::string::npos);
    EXPECT_EQ(fs::status(file).permissions() & (fs::perms::group_all | fs::perms::others_all),
              fs::perms::none);
    EXPECT_EQ(run_command(std::string(FERRY_BINARY) + " users add " + shell_quote(file.string()) + " ../x")
                  .exit_code,
              2);

    ServeProcess process("--listen 127.0.0.1:0 --auth users " + shell_quote(file.string()) + " --data-dir " +
                         shell_quote(scratch("data").string()));
    const auto line = process.line_starting("Ferry is serving on ");
    ASSERT_FALSE(line.empty()) << process.output();
    const auto base = line.substr(std::string("Ferry is serving on ").size());
    const auto wrong = http(base, HttpCall{"POST",
                                           "/api/session",
                                           R"({"user": "alice", "password": "wrong"})",
                                           {"Content-Type: application/json"}});
    EXPECT_EQ(wrong.status, 401) << wrong.body;
    const auto right = http(base, HttpCall{"POST",
                                           "/api/session",
                                           R"({"user": "alice", "password": "correct horse"})",
                                           {"Content-Type: application/json"}});
    EXPECT_EQ(right.status, 200) << right.body;
    EXPECT_EQ(right.body, R"({"user":"alice","admin":true,"mode":"users"})");
}

} // namespace
} // namespace ferry::test
