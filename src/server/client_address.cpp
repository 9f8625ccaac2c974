#include "server/client_address.h"

#include <algorithm>

namespace ferry::server {

std::string client_address(const std::string& peer, const std::string& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
    if (forwarded_for.empty() ||
        std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) == trusted_proxies.end()) {
        return peer;
    }
    const auto comma = forwarded_for.rfind(',');
    std::string last = forwarded_for.substr(comma == std::string::npos ? 0 : comma + 1);
    last.erase(0, last.find_first_not_of(" \t"));
    last.erase(last.find_last_not_of(" \t") + 1);
    return last.empty() ? peer : last;
}

} // namespace ferry::server
