#pragma once

#include <QJsonObject>

// The support queue with many conversations: ConversationModel + ConversationFilterModel + a QTableView set
// up as MainWindow's queue, shown in a window of the queue pane's size.
namespace cx::bench {

struct QueueResult {
    bool ok = false;
    QString error;
    int conversations = 0;
    double buildMs = 0; // making the chatwoot::Conversation values (not GUI work; information)
    // First load: applySnapshot of all conversations into the empty model.
    double applyMs = 0; // the applySnapshot call (model + proxy sort + view bookkeeping)
    double loadToFrameMs = 0; // from the call until the table's next frame was flushed
    double loadMaxStallMs = 0; // longest gap of the 1 ms heartbeat around the load
    qint64 rssBeforeKiB = 0; // window shown, empty model
    qint64 rssWithDataKiB = 0; // + the conversation values, before the load
    qint64 rssLoadedKiB = 0; // loaded and painted
    qint64 rssAfterFreeKiB = 0; // the caller's list freed (the model keeps its own copy)
    qint64 peakKiB = 0;
    // 100 changed conversations upserted in one event-loop turn (as a poll delta).
    int upserts = 0;
    double upsertBatchMs = 0;
    double upsertMaxMs = 0;
    double upsertMeanMs = 0;
    double upsertToFrameMs = 0;
    double upsertMaxStallMs = 0;
    // A full poll with nothing changed (the demo polls every 3 s): applySnapshot of the same rows again.
    double repollMs = 0;
    double repollMaxStallMs = 0;
};

QueueResult measureQueue(int conversations, int upserts);
QJsonObject toJson(const QueueResult& result);

} // namespace cx::bench
