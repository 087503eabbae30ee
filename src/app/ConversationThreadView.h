#pragma once

#include "chatwoot/ChatwootTypes.h"

#include <QWidget>

class QLabel;
class QListView;
class QStackedLayout;

namespace cx::gui {

class MessageDelegate;
class ThreadMessageModel;

// One conversation's messages, newest at the bottom: customer messages, replies, private notes (tinted, with
// a header) and CX Pilot's own draft notes (recognisable), attachments and times. Scrolling to the top asks
// for older history (olderRequested, once until prependOlder/setHasMoreOlder answers); prependOlder keeps the
// message under the reader's eyes in place. A QListView with a delegate: fast with hundreds of messages.
class ConversationThreadView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationThreadView)
public:
    explicit ConversationThreadView(QWidget* parent = nullptr);

    // A conversation's (latest) messages; scrolls to the newest.
    void setMessages(const QList<chatwoot::Message>& messages);
    // New messages (or updates of shown ones); follows them when the reader was at the bottom.
    void appendMessages(const QList<chatwoot::Message>& messages);
    // Older history, loaded after olderRequested().
    void prependOlder(const QList<chatwoot::Message>& messages);
    void setHasMoreOlder(bool more);
    void clear();
    // Shown when there are no messages (e.g. "Select a conversation").
    void setEmptyText(const QString& text);

    ThreadMessageModel* model() const { return m_model; }
    QListView* listView() const { return m_list; }
    bool isAtBottom() const;

signals:
    void olderRequested();

private:
    void onScrolled(int value);
    void updateEmptyState();
    void scrollToBottomSoon();

    ThreadMessageModel* m_model;
    MessageDelegate* m_delegate;
    QListView* m_list;
    QLabel* m_empty;
    QStackedLayout* m_stack;
    bool m_hasMoreOlder = true;
    bool m_olderPending = false;
    bool m_repositioning = false; // our own scrolling is not the reader asking for history
};

} // namespace cx::gui
