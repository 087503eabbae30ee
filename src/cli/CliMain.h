#pragma once

namespace cx::cli {

// True when argv names a subcommand, --help or --version: these run without a display.
bool isCliInvocation(int argc, char* argv[]);
int runCli(int argc, char* argv[]);

} // namespace cx::cli
