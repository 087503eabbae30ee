#include "SandboxInfo.h"

#include <QCoreApplication>

namespace cx::sandbox {

QString sandboxBanner()
{
    return QCoreApplication::translate("Sandbox",
        "Sandbox: this is a simulated Chatwoot with scripted customers. Nothing is sent to real people.");
}

} // namespace cx::sandbox
