#include "ThreadMessageModel.h"

#include <QLocale>
#include <QRegularExpression>

#include <algorithm>

namespace cx::gui {

using chatwoot::Message;
using chatwoot::MessageType;

bool containsDraftMarker(const QString& content)
{
    return content.contains(QLatin1String("<!-- cxpilot:draft"));
}

bool isCxPilotDraftNote(const Message& message)
{
    return message.isPrivate && containsDraftMarker(message.content);
}

MessageKind messageKindOf(const Message& message)
{
    if (message.messageType == MessageType::Activity)
        return MessageKind::Activity;
    if (message.isPrivate)
        return containsDraftMarker(message.content) ? MessageKind::OwnDraftNote : MessageKind::PrivateNote;
    if (message.messageType == MessageType::Incoming)
        return MessageKind::Customer;
    return MessageKind::Agent;
}

QString displayContent(const QString& content)
{
    static const QRegularExpression comments(
        QStringLiteral("<!--.*?-->"), QRegularExpression::DotMatchesEverythingOption);
    QString text = content;
    if (text.contains(QLatin1String("<!--")))
        text.remove(comments);
    text = text.trimmed();
    // QTextLayout (the delegate) keeps paragraphs only as Unicode line separators, not as '\n'.
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    return text;
}

QString attachmentText(const chatwoot::Attachment& attachment)
{
    QString name = attachment.dataUrl.fileName();
    if (name.isEmpty())
        name = ThreadMessageModel::tr("attachment %1").arg(attachment.id);
    const QString type = attachment.fileType.isEmpty() ? ThreadMessageModel::tr("file") : attachment.fileType;
    if (attachment.fileSize > 0)
        return ThreadMessageModel::tr("%1 (%2, %3)")
            .arg(name, type, QLocale().formattedDataSize(attachment.fileSize));
    return ThreadMessageModel::tr("%1 (%2)").arg(name, type);
}

ThreadMessageModel::ThreadMessageModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int ThreadMessageModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant ThreadMessageModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Message& m = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case ContentRole:
        return displayContent(m.content);
    case Qt::AccessibleTextRole: {
        QString kind;
        switch (messageKindOf(m)) {
        case MessageKind::Customer:
            kind = tr("customer");
            break;
        case MessageKind::Agent:
            kind = tr("reply");
            break;
        case MessageKind::PrivateNote:
            kind = tr("private note");
            break;
        case MessageKind::OwnDraftNote:
            kind = tr("CX Pilot draft, private note");
            break;
        case MessageKind::Activity:
            kind = tr("activity");
            break;
        }
        return tr("%1, %2, %3: %4")
            .arg(m.sender.name, kind, QLocale().toString(m.createdAt.toLocalTime(), QLocale::ShortFormat),
                displayContent(m.content));
    }
    case MessageIdRole:
        return m.id;
    case KindRole:
        return int(messageKindOf(m));
    case SenderRole:
        return m.sender.name;
    case CreatedAtRole:
        return m.createdAt;
    case AttachmentsRole: {
        QStringList out;
        for (const auto& a : m.attachments)
            out << attachmentText(a);
        return out;
    }
    default:
        return {};
    }
}

void ThreadMessageModel::setMessages(const QList<Message>& messages)
{
    beginResetModel();
    m_messages = messages;
    std::stable_sort(m_messages.begin(), m_messages.end(),
        [](const Message& a, const Message& b) { return a.createdAt < b.createdAt; });
    reindex();
    endResetModel();
}

bool ThreadMessageModel::updateExisting(const Message& message)
{
    const int row = rowOf(message.id);
    if (row < 0)
        return false;
    m_messages[row] = message;
    const QModelIndex cell = index(row);
    emit dataChanged(cell, cell);
    return true;
}

void ThreadMessageModel::appendMessages(const QList<Message>& messages)
{
    QList<Message> fresh;
    for (const Message& m : messages) {
        if (!updateExisting(m)
            && std::none_of(fresh.cbegin(), fresh.cend(), [&m](const Message& f) { return f.id == m.id; }))
            fresh.append(m);
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_messages.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const Message& m : std::as_const(fresh)) {
        m_rowById.insert(m.id, int(m_messages.size()));
        m_messages.append(m);
    }
    endInsertRows();
}

void ThreadMessageModel::prependOlder(const QList<Message>& messages)
{
    QList<Message> fresh;
    for (const Message& m : messages) {
        if (!updateExisting(m)
            && std::none_of(fresh.cbegin(), fresh.cend(), [&m](const Message& f) { return f.id == m.id; }))
            fresh.append(m);
    }
    if (fresh.isEmpty())
        return;
    std::stable_sort(fresh.begin(), fresh.end(),
        [](const Message& a, const Message& b) { return a.createdAt < b.createdAt; });
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    m_messages = fresh + m_messages;
    reindex();
    endInsertRows();
}

void ThreadMessageModel::clear()
{
    if (m_messages.isEmpty())
        return;
    beginRemoveRows({}, 0, int(m_messages.size()) - 1);
    m_messages.clear();
    m_rowById.clear();
    endRemoveRows();
}

const Message* ThreadMessageModel::messageAt(int row) const
{
    if (row < 0 || row >= m_messages.size())
        return nullptr;
    return &m_messages.at(row);
}

void ThreadMessageModel::reindex()
{
    m_rowById.clear();
    for (int i = 0; i < m_messages.size(); ++i)
        m_rowById.insert(m_messages.at(i).id, i);
}

} // namespace cx::gui
