#include "ThreadBench.h"

#include "BenchData.h"
#include "ConversationThreadView.h"
#include "FrameWatcher.h"
#include "Heartbeat.h"
#include "ProcStats.h"
#include "ThreadMessageModel.h"
#include "Waiting.h"

#include <QJsonArray>
#include <QListView>
#include <QVBoxLayout>
#include <QWidget>

namespace cx::bench {

namespace {

constexpr int kFrameTimeoutMs = 30000;
constexpr int kQuietMs = 20;

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

} // namespace

ThreadResult measureThread(int messages, int selections, int page)
{
    ThreadResult r;
    r.messages = messages;

    QWidget window;
    window.setWindowTitle(QStringLiteral("bench_gui — conversation"));
    window.resize(620, 820); // about the conversation pane of the 1400×860 main window
    auto* layout = new QVBoxLayout(&window);
    auto* thread = new gui::ConversationThreadView(&window);
    layout->addWidget(thread);
    Heartbeat heartbeat;
    {
        // One watcher at a time (each takes the window's frame events): here the window, empty.
        FrameWatcher anyFrame(&window);
        window.show();
        if (!waitUntil([&] { return anyFrame.frames() > 0; }, kFrameTimeoutMs)) {
            r.error = QStringLiteral("the empty conversation view was never painted");
            return r;
        }
        settle(50);
    }
    FrameWatcher frames(thread->listView()->viewport());

    // Every selection a different conversation with its own message ids: no height cached from before.
    QList<QList<chatwoot::Message>> histories;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 t0 = monotonicNs();
    for (int i = 0; i < selections; ++i)
        histories.append(makeMessages(messages, 2000 + i, 1000000LL * (i + 1), now, quint32(100 + i)));
    r.buildMs = ms(monotonicNs() - t0) / qMax(1, selections);

    for (const QList<chatwoot::Message>& history : std::as_const(histories)) {
        ThreadSelection s;
        heartbeat.start();
        settle(kQuietMs);
        frames.reset();
        const qint64 start = monotonicNs();
        const int shown = page > 0 ? qMin(page, int(history.size())) : int(history.size());
        r.shown = shown;
        thread->setMessages(history.mid(history.size() - shown));
        s.setMessagesMs = ms(monotonicNs() - start);
        const bool painted = waitUntil([&] { return frames.frames() > 0; }, kFrameTimeoutMs);
        s.toFrameMs = ms(frames.firstFrameNs() - start);
        settle(kQuietMs);
        heartbeat.stop();
        s.maxStallMs = heartbeat.maxGapMs();
        if (!painted || thread->model()->rowCount() != r.shown || !thread->isAtBottom()) {
            r.error = QStringLiteral("the conversation was not shown (rows %1 of %2, at bottom: %3)")
                          .arg(thread->model()->rowCount())
                          .arg(messages)
                          .arg(thread->isAtBottom());
            return r;
        }
        r.selections.append(s);
    }
    r.ok = true;
    return r;
}

QJsonObject toJson(const ThreadResult& r)
{
    QJsonArray runs;
    for (const ThreadSelection& s : r.selections)
        runs.append(QJsonObject { { QStringLiteral("setMessagesMs"), s.setMessagesMs },
            { QStringLiteral("toFrameMs"), s.toFrameMs }, { QStringLiteral("maxStallMs"), s.maxStallMs } });
    return {
        { QStringLiteral("ok"), r.ok },
        { QStringLiteral("error"), r.error },
        { QStringLiteral("messages"), r.messages },
        { QStringLiteral("buildMsPerConversation"), r.buildMs },
        { QStringLiteral("selections"), runs },
    };
}

} // namespace cx::bench
