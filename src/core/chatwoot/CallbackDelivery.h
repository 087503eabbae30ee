#pragma once

#include <QMetaObject>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <utility>

namespace cx::chatwoot::detail {

// Runs `fn` on the context's thread, once, and only while the context lives.
template <typename F> void deliverTo(const QPointer<QObject>& context, F&& fn)
{
    if (!context)
        return;
    if (context->thread() == QThread::currentThread()) {
        fn();
        return;
    }
    QMetaObject::invokeMethod(context.data(), std::forward<F>(fn), Qt::QueuedConnection);
}

} // namespace cx::chatwoot::detail
