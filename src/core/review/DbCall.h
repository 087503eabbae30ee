#pragma once

#include "storage/Database.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace cx::review {

// Runs `work` on one of the database's worker threads and hands its result to `done` on the context's
// thread (never if the context is gone). Keeps SQL off the GUI thread.
template <typename T>
void dbCall(const std::shared_ptr<storage::Database>& db, QObject* context,
    std::function<T(storage::Database&)> work, std::function<void(T)> done)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(db->run<T>([db, work = std::move(work)](QSqlDatabase&) { return work(*db); }));
}

} // namespace cx::review
