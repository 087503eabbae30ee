#pragma once

#include <QJsonObject>
#include <QList>

// Selecting a conversation: ConversationThreadView::setMessages with a long history, until it is on screen.
namespace cx::bench {

struct ThreadSelection {
    double setMessagesMs = 0; // the call (model reset, layout of every row's height, scroll to bottom)
    double toFrameMs = 0; // from the call until the list's next frame was flushed
    double maxStallMs = 0; // longest gap of the 1 ms heartbeat around it
};

struct ThreadResult {
    bool ok = false;
    QString error;
    int messages = 0;
    int shown = 0; // rows put on screen (the page, or all)
    double buildMs = 0; // making the message values (information)
    QList<ThreadSelection> selections; // each a different conversation (nothing cached)
};

// `page` > 0: show only the newest `page` messages, as the main window does (older ones page in on scroll);
// 0: all of them at once.
ThreadResult measureThread(int messages, int selections, int page = 0);
QJsonObject toJson(const ThreadResult& result);

} // namespace cx::bench
