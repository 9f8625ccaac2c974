#include "serve_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace ferry::test {

std::string ServeProcess::start(const std::string& command, const std::filesystem::path& log,
                                std::chrono::seconds timeout) {
    stop();
    log_ = log;
    url_.clear();
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return "cannot create " + log.string();
    }
    const std::string exec = "exec " + command;
    pid_ = ::fork();
    if (pid_ == 0) {
        // The child: its own process group, so stop() reaches anything the shell started.
        ::setpgid(0, 0);
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, STDIN_FILENO);
        ::execl("/bin/sh", "sh", "-c", exec.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fd);
    if (pid_ < 0) {
        return "fork failed";
    }
    const std::regex ready(R"(Ferry is serving on (https?://\S+?)[.,;]?(\s|$))");
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        const auto text = output();
        if (std::regex_search(text, match, ready)) {
            url_ = match[1];
            return "";
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return "ferry serve exited before it was ready:\n" + output();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return "ferry serve did not report readiness in time:\n" + output();
}

void ServeProcess::stop() {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 200; ++i) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

std::string ServeProcess::output() const {
    std::ifstream in(log_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

} // namespace ferry::test
