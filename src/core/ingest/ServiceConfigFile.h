#pragma once

#include "foundation/Result.h"

#include <QString>

namespace cx::ingest {

// cxpilotd's configuration file (--config FILE, /etc/cxpilot/cxpilotd.env: KEY=VALUE lines as systemd's
// EnvironmentFile reads them). Written by `cxpilot chatwoot webhook register --write-config FILE`, which
// stores the webhook's secret there as CHATWOOT_WEBHOOK_SECRET.
class ServiceConfigFile final {
public:
    // Before anything irreversible (the webhook is created in Chatwoot first): can `path` be written? An
    // existing regular file we may read and write, or a new file in an existing folder we may write to.
    static Status checkWritable(const QString& path);

    // Sets `key` to `value`, keeping every other line (comments included): an active KEY= line is replaced,
    // else the template's commented "#KEY=" line, else the line is appended. Creates the file if missing.
    // Written atomically (a crash leaves the old file) with mode 0600: the file holds secrets.
    static Status setValue(const QString& path, const QString& key, const QString& value);
};

} // namespace cx::ingest
