#pragma once

#include "foundation/Result.h"

#include <QStringList>
#include <QUrl>

namespace cx::crash {

// The approval driver's command line, validated: every bad value is refused with a message naming the option.
struct DriverOptions {
    QString databaseUrl;
    QUrl chatwootUrl;
    QString token;
    qint64 accountId = 0;
    QString reviewer;
    int count = -1; // approvals this run; -1 = every noted draft
    QString signalQueuePath; // local SQLite file for learning signals the database cannot take now
    int maxPasses = 3; // scans of the database before giving up on what is left
    int passPauseMs = 100; // between passes that left work behind
    qint64 startAtMs = 0; // wall-clock ms since the epoch: begin then (two racing processes start together)
    int clockOffsetSecs = 0; // run as if this much later (a final pass after kills: leases have expired)

    static Result<DriverOptions> parse(const QStringList& arguments);
};

} // namespace cx::crash
