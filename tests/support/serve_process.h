#pragma once
/// A `ferry serve` child process, for tests of the command line as an operator types it (deploy docs,
/// sign-in modes): started through /bin/sh with its output in a log file, ready once it prints
/// "Ferry is serving on URL", stopped with SIGTERM (SIGKILL after 10 s).

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace ferry::test {

class ServeProcess {
public:
    ServeProcess() = default;
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;
    ~ServeProcess() { stop(); }

    /// Runs `command` (a shell command line, e.g. "/path/ferry serve --listen ..."); returns "" once it is
    /// ready, else why not (with its output).
    std::string start(const std::string& command, const std::filesystem::path& log,
                      std::chrono::seconds timeout = std::chrono::seconds(30));
    void stop();

    pid_t pid() const { return pid_; }
    /// Everything it printed so far (stdout and stderr).
    std::string output() const;
    /// The URL of its "Ferry is serving on URL" line.
    const std::string& url() const { return url_; }

private:
    pid_t pid_ = -1;
    std::filesystem::path log_;
    std::string url_;
};

/// A free TCP port on 127.0.0.1 (bound and released; good enough for tests).
std::uint16_t free_loopback_port();

} // namespace ferry::test
