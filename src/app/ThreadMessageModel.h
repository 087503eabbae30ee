#pragma once

#include "chatwoot/ChatwootTypes.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace cx::gui {

// How a message appears in the thread.
enum class MessageKind {
    Customer, // incoming, from the contact
    Agent, // a public reply from an agent (or a bot)
    PrivateNote, // a private note by a person: agents only
    OwnDraftNote, // a private note holding a CX Pilot draft (recognised by its marker)
    Activity, // "conversation assigned to …" and other system lines
};

// The marker CX Pilot puts in the private notes it posts: an HTML comment `<!-- cxpilot:draft …-->`.
bool containsDraftMarker(const QString& content);
bool isCxPilotDraftNote(const chatwoot::Message& message);
MessageKind messageKindOf(const chatwoot::Message& message);
// The text to show: HTML comments (the marker) removed, trimmed.
QString displayContent(const QString& content);
// "photo.jpg (image, 120 KB)".
QString attachmentText(const chatwoot::Attachment& attachment);

// A conversation's messages, oldest first. Newer messages are appended, older history prepended; a message
// that arrives again (same id) updates its row. Row changes only, never a reset except setMessages().
class ThreadMessageModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThreadMessageModel)
public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1, // qint64
        KindRole, // int(MessageKind)
        ContentRole, // QString, display content
        SenderRole, // QString
        CreatedAtRole, // QDateTime (UTC)
        AttachmentsRole, // QStringList of attachmentText()
    };
    Q_ENUM(Role)

    explicit ThreadMessageModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    void setMessages(const QList<chatwoot::Message>& messages); // a new conversation: reset
    void appendMessages(const QList<chatwoot::Message>& messages); // newer ones (or updates of known ones)
    void prependOlder(const QList<chatwoot::Message>& messages); // history, oldest first
    void clear();
    const chatwoot::Message* messageAt(int row) const;
    int rowOf(qint64 messageId) const { return m_rowById.value(messageId, -1); }

private:
    bool updateExisting(const chatwoot::Message& message);
    void reindex();

    QList<chatwoot::Message> m_messages;
    QHash<qint64, int> m_rowById;
};

} // namespace cx::gui
