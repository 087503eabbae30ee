#include "QueueBench.h"

#include "BenchData.h"
#include "ConversationFilterModel.h"
#include "ConversationModel.h"
#include "FrameWatcher.h"
#include "Heartbeat.h"
#include "ProcStats.h"
#include "Waiting.h"

#include <QHeaderView>
#include <QRandomGenerator>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>
#include <QWidget>

#include <algorithm>

namespace cx::bench {

namespace {

constexpr int kFrameTimeoutMs = 30000;
constexpr int kUpdateFrameTimeoutMs = 5000;
constexpr int kQuietMs = 20; // heartbeat time before and after the measured work

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

// As MainWindow::buildQueue sets up the queue.
void setUpLikeMainWindow(QTableView* queue)
{
    using gui::ConversationModel;
    queue->setObjectName(QStringLiteral("conversationQueue"));
    queue->setSelectionBehavior(QAbstractItemView::SelectRows);
    queue->setSelectionMode(QAbstractItemView::SingleSelection);
    queue->setSortingEnabled(true);
    queue->verticalHeader()->hide();
    queue->setWordWrap(false);
    queue->setAlternatingRowColors(true);
    queue->horizontalHeader()->setStretchLastSection(false);
    queue->horizontalHeader()->setSectionResizeMode(ConversationModel::PreviewColumn, QHeaderView::Stretch);
    for (int c : { ConversationModel::StatusColumn, ConversationModel::PriorityColumn,
             ConversationModel::AssigneeColumn, ConversationModel::UnreadColumn })
        queue->setColumnHidden(c, true);
    queue->setColumnWidth(ConversationModel::ContactColumn, 130);
    queue->setColumnWidth(ConversationModel::InboxColumn, 90);
    queue->setColumnWidth(ConversationModel::WaitingColumn, 70);
    queue->setColumnWidth(ConversationModel::SlaColumn, 80);
    queue->setColumnWidth(ConversationModel::DraftColumn, 60);
    // The documented order (ConversationFilterModel's default, longest waiting first).
    // setSortingEnabled(true) above re-sorts by the header's indicator (column 0, descending), which
    // MainWindow currently keeps.
    queue->sortByColumn(ConversationModel::WaitingColumn, Qt::DescendingOrder);
}

} // namespace

QueueResult measureQueue(int conversations, int upserts)
{
    QueueResult r;
    r.conversations = conversations;

    QWidget window;
    window.setWindowTitle(QStringLiteral("bench_gui — queue"));
    window.resize(560, 820); // about the queue pane of the 1400×860 main window
    auto* layout = new QVBoxLayout(&window);
    gui::ConversationModel model;
    model.setInboxNames(inboxNames());
    gui::ConversationFilterModel filter;
    filter.setSourceModel(&model);
    auto* queue = new QTableView(&window);
    queue->setModel(&filter);
    setUpLikeMainWindow(queue);
    layout->addWidget(queue);
    FrameWatcher frames(queue->viewport());
    Heartbeat heartbeat;
    window.show();
    if (!waitUntil([&] { return frames.frames() > 0; }, kFrameTimeoutMs)) {
        r.error = QStringLiteral("the empty queue was never painted");
        return r;
    }
    settle(50);
    r.rssBeforeKiB = residentKiB();

    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 t0 = monotonicNs();
    QList<chatwoot::Conversation> list = makeConversations(conversations, now, 42);
    r.buildMs = ms(monotonicNs() - t0);
    r.rssWithDataKiB = residentKiB();

    // First load.
    heartbeat.start();
    settle(kQuietMs);
    frames.reset();
    t0 = monotonicNs();
    model.applySnapshot(list);
    r.applyMs = ms(monotonicNs() - t0);
    const bool loaded = waitUntil([&] { return frames.frames() > 0; }, kFrameTimeoutMs);
    r.loadToFrameMs = ms(frames.firstFrameNs() - t0);
    settle(kQuietMs);
    heartbeat.stop();
    r.loadMaxStallMs = heartbeat.maxGapMs();
    if (!loaded || filter.rowCount() != conversations) {
        r.error = QStringLiteral("the loaded queue shows %1 of %2 rows")
                      .arg(filter.rowCount())
                      .arg(conversations);
        return r;
    }
    r.rssLoadedKiB = residentKiB();
    list.clear();
    list.squeeze();
    settle(50);
    r.rssAfterFreeKiB = residentKiB();

    // Changed conversations, made before the clock starts: a tenth of them on screen (the top of the sorted
    // queue, so a repaint is due), the others spread over the whole queue.
    QRandomGenerator random(7);
    QList<chatwoot::Conversation> changed;
    QSet<qint64> picked;
    auto pick = [&](qint64 id) {
        if (changed.size() < upserts && !picked.contains(id)) {
            picked.insert(id);
            changed.append(
                changedConversation(*model.conversation(id), QDateTime::currentDateTimeUtc(), random));
        }
    };
    for (int row = 0; row < qMax(1, upserts / 10); ++row)
        pick(filter.conversationIdAt(row));
    const int step = qMax(1, conversations / qMax(1, upserts));
    for (int row = step / 2; row < conversations; row += step)
        pick(model.conversationAt(row)->id);
    r.upserts = int(changed.size());
    heartbeat.start();
    settle(kQuietMs);
    frames.reset();
    qint64 longest = 0;
    t0 = monotonicNs();
    for (const chatwoot::Conversation& c : changed) {
        const qint64 start = monotonicNs();
        model.upsert(c);
        longest = std::max(longest, monotonicNs() - start);
    }
    r.upsertBatchMs = ms(monotonicNs() - t0);
    r.upsertMaxMs = ms(longest);
    r.upsertMeanMs = r.upserts > 0 ? r.upsertBatchMs / r.upserts : 0;
    // Shorter than the model's 30 s refresh tick, whose repaint must not pass for this one.
    const bool updated = waitUntil([&] { return frames.frames() > 0; }, kUpdateFrameTimeoutMs);
    r.upsertToFrameMs = ms(frames.firstFrameNs() - t0);
    settle(kQuietMs);
    heartbeat.stop();
    r.upsertMaxStallMs = heartbeat.maxGapMs();
    const chatwoot::Conversation* first
        = changed.isEmpty() ? nullptr : model.conversation(changed.first().id);
    if (!updated || !first || first->unreadCount != changed.first().unreadCount) {
        r.error = QStringLiteral("the upserts did not reach the model or the screen");
        return r;
    }

    // A full poll that changes nothing.
    QList<chatwoot::Conversation> same;
    same.reserve(model.rowCount());
    for (int row = 0; row < model.rowCount(); ++row)
        same.append(*model.conversationAt(row));
    heartbeat.start();
    settle(kQuietMs);
    t0 = monotonicNs();
    model.applySnapshot(same);
    r.repollMs = ms(monotonicNs() - t0);
    settle(kQuietMs);
    heartbeat.stop();
    r.repollMaxStallMs = heartbeat.maxGapMs();
    r.peakKiB = peakResidentKiB();
    r.ok = model.rowCount() == conversations;
    if (!r.ok)
        r.error = QStringLiteral("the re-poll changed the row count");
    return r;
}

QJsonObject toJson(const QueueResult& r)
{
    return {
        { QStringLiteral("ok"), r.ok },
        { QStringLiteral("error"), r.error },
        { QStringLiteral("conversations"), r.conversations },
        { QStringLiteral("buildMs"), r.buildMs },
        { QStringLiteral("applySnapshotMs"), r.applyMs },
        { QStringLiteral("loadToFrameMs"), r.loadToFrameMs },
        { QStringLiteral("loadMaxStallMs"), r.loadMaxStallMs },
        { QStringLiteral("rssBeforeKiB"), double(r.rssBeforeKiB) },
        { QStringLiteral("rssWithDataKiB"), double(r.rssWithDataKiB) },
        { QStringLiteral("rssLoadedKiB"), double(r.rssLoadedKiB) },
        { QStringLiteral("rssAfterFreeKiB"), double(r.rssAfterFreeKiB) },
        { QStringLiteral("peakRssKiB"), double(r.peakKiB) },
        { QStringLiteral("upserts"), r.upserts },
        { QStringLiteral("upsertBatchMs"), r.upsertBatchMs },
        { QStringLiteral("upsertMaxMs"), r.upsertMaxMs },
        { QStringLiteral("upsertMeanMs"), r.upsertMeanMs },
        { QStringLiteral("upsertToFrameMs"), r.upsertToFrameMs },
        { QStringLiteral("upsertMaxStallMs"), r.upsertMaxStallMs },
        { QStringLiteral("repollMs"), r.repollMs },
        { QStringLiteral("repollMaxStallMs"), r.repollMaxStallMs },
    };
}

} // namespace cx::bench
