#pragma once

#include <QStringList>

namespace cx::cli {

// `cxpilot sandbox send-message` and `cxpilot sandbox messages`: a client of a running SIMULATED Chatwoot
// (`cxpilot sandbox --port N`), through its Chatwoot API only, as any Chatwoot client would call it.
// `args` starts with the subcommand's name. Return the process exit code.
int sandboxSendMessage(const QStringList& args);
int sandboxListMessages(const QStringList& args);

} // namespace cx::cli
