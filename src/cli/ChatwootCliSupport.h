#pragma once

// Shared by the `cxpilot chatwoot ...` commands (ChatwootCommands.cpp, WebhookCommands.cpp).
#include "chatwoot/ChatwootClient.h"

#include <QEventLoop>
#include <QObject>
#include <QStringList>

#include <optional>

namespace cx::cli {

// Chatwoot's address, account and token from the settings, the environment and --chatwoot-url/--account.
// Prints what is missing and returns nothing (the command then exits with 2).
std::optional<chatwoot::ChatwootConfig> chatwootConfig(const QStringList& args);

// Waits (local event loop: CLI only) for an asynchronous client call: call(context, callback).
template <typename T, typename Call> T waitFor(Call call)
{
    std::optional<T> result;
    QEventLoop loop;
    QObject context;
    call(&context, [&](T value) {
        result.emplace(std::move(value));
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

// `cxpilot chatwoot webhook register|list|delete` (WebhookCommands.cpp); args start at "webhook".
int runWebhookCommand(const QStringList& args);

} // namespace cx::cli
