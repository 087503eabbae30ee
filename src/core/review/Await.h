#pragma once

#include "storage/Database.h"

#include <QFutureWatcher>
#include <QObject>

#include <coroutine>
#include <functional>
#include <memory>
#include <optional>

namespace cx::review {

// GCC 12 mishandles temporaries inside a co_await expression (a std::function built from a lambda argument
// is destroyed twice: heap corruption). So in this module an awaitable is always a named local first:
//     auto reading = onDatabase<...>(...);
//     auto row = co_await reading;

// co_await for a callback-style call: `start` receives the function to call with the result, exactly once.
// The coroutine resumes inside that call. If it is never called (the callee's context died), the coroutine
// stays suspended and is never resumed, rather than resuming into an object that is gone.
template <typename T> class CallbackAwaitable {
public:
    using Deliver = std::function<void(T)>;
    explicit CallbackAwaitable(std::function<void(Deliver)> start)
        : m_start(std::move(start))
    {
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle)
    {
        // Moved out first: the callee may answer synchronously, and the coroutine (which owns this
        // awaitable) may run to its end inside that call.
        auto start = std::move(m_start);
        start([this, handle](T value) {
            m_value.emplace(std::move(value));
            handle.resume();
        });
    }
    T await_resume() { return std::move(*m_value); }

private:
    std::function<void(Deliver)> m_start;
    std::optional<T> m_value;
};

template <typename T> CallbackAwaitable<T> awaitCallback(std::function<void(std::function<void(T)>)> start)
{
    return CallbackAwaitable<T>(std::move(start));
}

// co_await on the QFuture of Database::run: `work` runs on a database worker thread; the coroutine resumes
// on `context`'s thread once the future has finished, and never if `context` is destroyed before (a plain
// co_await on the QFuture would resume into a destroyed owner).
template <typename T>
CallbackAwaitable<T> onDatabase(
    const std::shared_ptr<storage::Database>& db, QObject* context, std::function<T(storage::Database&)> work)
{
    return CallbackAwaitable<T>([db, context, work = std::move(work)](std::function<void(T)> deliver) {
        auto* watcher = new QFutureWatcher<T>(context);
        QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, deliver] {
            watcher->deleteLater();
            deliver(watcher->result());
        });
        watcher->setFuture(db->run<T>([db, work](QSqlDatabase&) { return work(*db); }));
    });
}

} // namespace cx::review
