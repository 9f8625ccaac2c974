#pragma once

namespace ferry::cli {

/// Parses the command line, runs the subcommand and returns the process exit code. Errors are printed
/// here, once: "ferry: <message>" on stderr, exit code 1 (2 for usage errors, 130 when cancelled).
int run(int argc, char** argv);

} // namespace ferry::cli
