#pragma once
/// Ties the API together: the request guard, the router with every route group, static files, the data
/// directory, the job registry and the job records that outlive it. Maps every failure to `{"error": {"kind", "message"}}`.

#include <cstdint>
#include <memory>
#include <optional>
#include <thread>

#include "pipeline/job_registry.h"
#include "server/auth/authenticator.h"
#include "server/data_dir.h"
#include "server/http_server.h"
#include "server/job_store.h"
#include "server/listen_address.h"
#include "server/request_guard.h"
#include "server/router.h"
#include "server/routes.h"
#include "server/serve_policy.h"
#include "server/server.h"
#include "server/session_routes.h"
#include "server/static_files.h"
#include "server/user_folders.h"

namespace ferry::server {

class Application : public RequestHandler {
public:
    /// `runner` runs jobs (pipeline::run_job in production). `token`: token mode's secret.
    Application(const ServerOptions& options, const ListenAddress& listen, ServePolicy policy,
                std::string_view token, pipeline::JobRunner runner);

    /// The port actually bound; requests are refused until it is set.
    void set_port(std::uint16_t port);

    Admission admit(Request& request) override;
    Response handle(Request& request) noexcept override;
    void abandon(Request& request) noexcept override;

    pipeline::JobRegistry& jobs() { return jobs_; }

private:
    void record_progress(std::stop_token stop);
    Admission admit_api(Request& request);
    /// A job's record, file names relative to its owner's folder.
    boost::json::object record_of(const pipeline::JobSnapshot& job);

    std::size_t max_json_body_;
    std::string listen_host_;
    ServePolicy policy_;
    std::vector<std::string> allowed_names_;
    ServerLimits limits_;
    std::optional<RequestGuard> guard_;
    auth::Authenticator auth_;
    DataDir data_dir_;
    UserFolders folders_;
    StaticFiles static_files_;
    JobStore job_store_; ///< before jobs_: the registry's last records are written while it shuts down
    pipeline::JobRegistry jobs_;
    Router router_;
    /// Last, so that it stops first: records running jobs' progress now and then, so that a job whose
    /// server dies shows how far it got.
    std::jthread progress_recorder_;
};

} // namespace ferry::server
