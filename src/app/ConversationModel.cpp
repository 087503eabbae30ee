#include "ConversationModel.h"

#include "UiColours.h"
#include "foundation/Clock.h"

#include <QColor>
#include <QFont>
#include <QGuiApplication>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

#include <algorithm>
#include <limits>

namespace cx::gui {

using chatwoot::Conversation;
using chatwoot::ConversationStatus;

namespace {

int priorityRank(const QString& priority)
{
    if (priority == QLatin1String("urgent"))
        return 4;
    if (priority == QLatin1String("high"))
        return 3;
    if (priority == QLatin1String("medium"))
        return 2;
    if (priority == QLatin1String("low"))
        return 1;
    return 0;
}

QString priorityText(const QString& priority)
{
    switch (priorityRank(priority)) {
    case 4:
        return ConversationModel::tr("Urgent");
    case 3:
        return ConversationModel::tr("High");
    case 2:
        return ConversationModel::tr("Medium");
    case 1:
        return ConversationModel::tr("Low");
    default:
        return {};
    }
}

QString statusText(ConversationStatus status)
{
    switch (status) {
    case ConversationStatus::Open:
        return ConversationModel::tr("Open");
    case ConversationStatus::Resolved:
        return ConversationModel::tr("Resolved");
    case ConversationStatus::Pending:
        return ConversationModel::tr("Pending");
    case ConversationStatus::Snoozed:
        return ConversationModel::tr("Snoozed");
    case ConversationStatus::Unknown:
        break;
    }
    return ConversationModel::tr("Unknown");
}

QString channelText(const QString& channel)
{
    if (channel == QLatin1String("Channel::WebWidget"))
        return ConversationModel::tr("Website");
    if (channel == QLatin1String("Channel::Email"))
        return ConversationModel::tr("Email");
    if (channel == QLatin1String("Channel::Api"))
        return ConversationModel::tr("API");
    if (channel == QLatin1String("Channel::Whatsapp"))
        return ConversationModel::tr("WhatsApp");
    if (channel == QLatin1String("Channel::Sms") || channel == QLatin1String("Channel::TwilioSms"))
        return ConversationModel::tr("SMS");
    if (channel.startsWith(QLatin1String("Channel::")))
        return channel.mid(9);
    return channel;
}

QString contactText(const chatwoot::Contact& contact)
{
    if (!contact.name.trimmed().isEmpty())
        return contact.name.trimmed();
    if (!contact.email.isEmpty())
        return contact.email;
    if (!contact.phoneNumber.isEmpty())
        return contact.phoneNumber;
    return ConversationModel::tr("Contact #%1").arg(contact.id);
}

// The SLA column's swatch, at 3:1 against the view's base in light and dark palettes (UiColours.h).
// The queue's badge for a customer who sounds angry (red) or asks for speed (amber): a round "!" that reads
// without colour too; the tooltip and the accessible description say which.
QIcon moodBadge(Signal signal)
{
    static QHash<int, QIcon> cache;
    if (const auto it = cache.constFind(int(signal)); it != cache.constEnd())
        return *it;
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(badgeBackground(signal));
    p.drawEllipse(QRectF(2, 2, 28, 28));
    QFont font;
    font.setPixelSize(22);
    font.setBold(true);
    p.setFont(font);
    p.setPen(Qt::white);
    p.drawText(QRect(0, 0, 32, 32), Qt::AlignCenter, QStringLiteral("!"));
    p.end();
    return *cache.insert(int(signal), QIcon(pixmap));
}

QString moodText(const triage::MoodEstimate& mood)
{
    QStringList parts;
    if (mood.mood == triage::Mood::Angry)
        parts << ConversationModel::tr("Sounds angry");
    if (mood.urgent)
        parts << ConversationModel::tr("Asks for speed (%1)").arg(mood.cues.join(QStringLiteral(", ")));
    return parts.join(QStringLiteral(" · ")) + ConversationModel::tr(" — moved up one SLA tier");
}

// Milliseconds since the epoch stay far below this, so a tier always outweighs any difference in waiting.
constexpr qint64 kTierWeight = qint64(1) << 50;

QColor slaColor(SlaState state)
{
    const QPalette palette = QGuiApplication::palette();
    switch (state) {
    case SlaState::OnTime:
        return signalSwatch(Signal::Good, palette);
    case SlaState::AtRisk:
        return signalSwatch(Signal::Warning, palette);
    case SlaState::Breached:
        return signalSwatch(Signal::Bad, palette);
    case SlaState::None:
        break;
    }
    return {};
}

qint64 waitingSeconds(const Conversation& c, const QDateTime& now)
{
    if (!c.waitingSince.isValid())
        return -1;
    return std::max<qint64>(0, c.waitingSince.secsTo(now));
}

// What the view shows of a conversation: two snapshots that agree here render the same row.
bool sameForDisplay(const Conversation& a, const Conversation& b)
{
    const auto assigneeId = [](const Conversation& c) { return c.assignee ? c.assignee->id : 0; };
    const auto assigneeName = [](const Conversation& c) { return c.assignee ? c.assignee->name : QString(); };
    return a.id == b.id && a.accountId == b.accountId && a.inboxId == b.inboxId && a.status == b.status
        && a.priority == b.priority && a.contact.id == b.contact.id && a.contact.name == b.contact.name
        && a.contact.email == b.contact.email && a.contact.phoneNumber == b.contact.phoneNumber
        && assigneeId(a) == assigneeId(b) && assigneeName(a) == assigneeName(b) && a.labels == b.labels
        && a.unreadCount == b.unreadCount && a.waitingSince == b.waitingSince
        && a.lastActivityAt == b.lastActivityAt && a.channel == b.channel
        && a.lastMessagePreview(200) == b.lastMessagePreview(200)
        && (a.lastMessage ? a.lastMessage->id : 0) == (b.lastMessage ? b.lastMessage->id : 0);
}

} // namespace

QString slaStateText(SlaState state)
{
    switch (state) {
    case SlaState::OnTime:
        return ConversationModel::tr("On time");
    case SlaState::AtRisk:
        return ConversationModel::tr("At risk");
    case SlaState::Breached:
        return ConversationModel::tr("Breached");
    case SlaState::None:
        break;
    }
    return {};
}

QString formatWaiting(qint64 seconds)
{
    if (seconds < 0)
        return {};
    if (seconds < 60)
        return ConversationModel::tr("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return ConversationModel::tr("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return ConversationModel::tr("%1 h %2 min").arg(hours).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return ConversationModel::tr("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

ConversationModel::ConversationModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_tick.setInterval(30 * 1000);
    connect(&m_tick, &QTimer::timeout, this, &ConversationModel::refreshTimes);
    m_tick.start();
}

int ConversationModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConversationModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConversationModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    const Conversation& c = row.conversation;
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, index.column());
    case Qt::ToolTipRole:
        if (index.column() == ContactColumn)
            return c.contact.email.isEmpty() ? contactText(c.contact)
                                             : tr("%1 <%2>").arg(contactText(c.contact), c.contact.email);
        if (index.column() == PreviewColumn)
            return raised(row) ? moodText(*row.mood) + QStringLiteral("\n\n") + c.lastMessagePreview(600)
                               : c.lastMessagePreview(600);
        if (index.column() == DraftColumn && m_deliveryState.contains(c.id))
            return m_deliveryState.value(c.id);
        if (index.column() == SlaColumn && row.sla != SlaState::None)
            return tr("%1 of a %2-minute first-reply SLA (at risk after 75 %)")
                .arg(formatWaiting(waitingSeconds(c, Clock::nowUtc())))
                .arg(m_slaMinutes);
        return {};
    case Qt::DecorationRole:
        if (index.column() == SlaColumn && row.sla != SlaState::None)
            return slaColor(row.sla);
        if (index.column() == PreviewColumn && raised(row))
            return moodBadge(row.mood->mood == triage::Mood::Angry ? Signal::Bad : Signal::Warning);
        return {};
    case Qt::AccessibleDescriptionRole:
        if (index.column() == PreviewColumn && raised(row))
            return moodText(*row.mood);
        return {};
    case Qt::FontRole:
        if (index.column() == ContactColumn && c.unreadCount > 0) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == UnreadColumn || index.column() == WaitingColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case ConversationIdRole:
        return c.id;
    case InboxIdRole:
        return c.inboxId;
    case AssigneeIdRole:
        return c.assignee ? c.assignee->id : qint64(0);
    case WaitingSinceRole:
        return c.waitingSince;
    case WaitingSecondsRole:
        return waitingSeconds(c, Clock::nowUtc());
    case SlaStateRole:
        return int(row.sla);
    case StatusRole:
        return int(c.status);
    case PriorityRankRole:
        return priorityRank(c.priority);
    case UnreadCountRole:
        return c.unreadCount;
    case DraftWaitingRole:
        return m_draftWaiting.contains(c.id);
    case DeliveryStateRole:
        return m_deliveryState.value(c.id);
    case SortRole:
        return sortData(row, index.column());
    case MoodRole:
        return row.mood ? triage::moodKey(row.mood->mood) : QString();
    case RaisedRole:
        return raised(row);
    default:
        return {};
    }
}

QVariant ConversationModel::displayData(const Row& row, int column) const
{
    const Conversation& c = row.conversation;
    switch (column) {
    case ContactColumn:
        return contactText(c.contact);
    case InboxColumn: {
        const QString name = m_inboxNames.value(c.inboxId);
        if (!name.isEmpty())
            return name;
        const QString channel = channelText(c.channel);
        return channel.isEmpty() ? tr("Inbox %1").arg(c.inboxId) : channel;
    }
    case PreviewColumn:
        return c.lastMessagePreview(120);
    case WaitingColumn:
        return formatWaiting(waitingSeconds(c, Clock::nowUtc()));
    case SlaColumn:
        return slaStateText(row.sla);
    case StatusColumn:
        return statusText(c.status);
    case PriorityColumn:
        return priorityText(c.priority);
    case AssigneeColumn:
        return c.assignee ? c.assignee->name : tr("Unassigned");
    case UnreadColumn:
        return c.unreadCount > 0 ? QString::number(c.unreadCount) : QString();
    case DraftColumn:
        if (m_deliveryState.contains(c.id))
            return m_deliveryState.value(c.id);
        return m_draftWaiting.contains(c.id) ? tr("Draft waiting") : QString();
    default:
        return {};
    }
}

QVariant ConversationModel::sortData(const Row& row, int column) const
{
    const Conversation& c = row.conversation;
    switch (column) {
    case WaitingColumn:
        // Not waiting sorts below any waiting conversation (and waits "forever less" than a new one).
        return c.waitingSince.isValid() ? -c.waitingSince.toMSecsSinceEpoch()
                                        : std::numeric_limits<qint64>::min();
    case SlaColumn:
        // The urgency order (review::QueueUrgency): the tier (SLA state, one up for an angry or urgent
        // customer), then the longest wait. The queue's default sort.
        if (!c.waitingSince.isValid())
            return std::numeric_limits<qint64>::min();
        return qint64(review::urgencyTier({ row.sla, c.waitingSince, raised(row) })) * kTierWeight
            - c.waitingSince.toMSecsSinceEpoch();
    case PriorityColumn:
        return priorityRank(c.priority);
    case UnreadColumn:
        return c.unreadCount;
    case DraftColumn:
        return m_deliveryState.contains(c.id) ? 2 : (m_draftWaiting.contains(c.id) ? 1 : 0);
    default:
        return displayData(row, column);
    }
}

QVariant ConversationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ContactColumn:
        return tr("Contact");
    case InboxColumn:
        return tr("Inbox");
    case PreviewColumn:
        return tr("Last message");
    case WaitingColumn:
        return tr("Waiting");
    case SlaColumn:
        return tr("SLA");
    case StatusColumn:
        return tr("Status");
    case PriorityColumn:
        return tr("Priority");
    case AssigneeColumn:
        return tr("Assignee");
    case UnreadColumn:
        return tr("Unread");
    case DraftColumn:
        return tr("Draft");
    default:
        return {};
    }
}

void ConversationModel::applySnapshot(const QList<Conversation>& conversations)
{
    QSet<qint64> keep;
    keep.reserve(conversations.size());
    for (const Conversation& c : conversations)
        keep.insert(c.id);

    // Removals, bottom-up, one signal per contiguous run.
    int row = int(m_rows.size()) - 1;
    bool removed = false;
    while (row >= 0) {
        if (keep.contains(m_rows.at(row).conversation.id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !keep.contains(m_rows.at(first - 1).conversation.id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        removed = true;
        row = first - 1;
    }
    if (removed)
        reindexFrom(0);

    // Updates in place, then all new ones appended with one insertion.
    QList<Conversation> fresh;
    QSet<qint64> seen;
    for (const Conversation& c : conversations) {
        if (seen.contains(c.id))
            continue; // a duplicate in one snapshot: the first wins
        seen.insert(c.id);
        if (m_rowById.contains(c.id))
            upsert(c);
        else
            fresh.append(withPublicPreview(c));
    }
    if (fresh.isEmpty())
        return;
    const QDateTime now = Clock::nowUtc();
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const Conversation& c : fresh) {
        m_rowById.insert(c.id, int(m_rows.size()));
        m_rows.append(makeRow(c, now));
    }
    endInsertRows();
}

ConversationModel::Row ConversationModel::makeRow(
    const Conversation& conversation, const QDateTime& now) const
{
    return Row { conversation, slaStateFor(conversation.waitingSince, now, m_slaMinutes),
        moodOf(conversation) };
}

// How the customer sounds, from their message when it is the conversation's last one (the one waiting for an
// answer): offline, a few microseconds per message (tests/bench/triage).
std::optional<triage::MoodEstimate> ConversationModel::moodOf(const Conversation& conversation)
{
    const std::optional<chatwoot::Message>& last = conversation.lastMessage;
    if (!last || last->isPrivate || last->messageType != chatwoot::MessageType::Incoming
        || last->content.isEmpty())
        return std::nullopt;
    return triage::estimateMood(last->content);
}

// Chatwoot's last_non_activity_message includes private notes — our own draft notes among them. The queue's
// preview shows what the customer (or an agent, publicly) wrote: a private note keeps the public message this
// row already showed, or shows nothing until one is seen.
Conversation ConversationModel::withPublicPreview(const Conversation& incoming) const
{
    if (!incoming.lastMessage || !incoming.lastMessage->isPrivate)
        return incoming;
    Conversation c = incoming;
    c.lastMessage.reset();
    const auto it = m_rowById.constFind(c.id);
    if (it != m_rowById.constEnd()) {
        const std::optional<chatwoot::Message>& shown = m_rows.at(it.value()).conversation.lastMessage;
        if (shown && !shown->isPrivate)
            c.lastMessage = shown;
    }
    return c;
}

void ConversationModel::upsert(const Conversation& incoming)
{
    const Conversation conversation = withPublicPreview(incoming);
    const QDateTime now = Clock::nowUtc();
    const auto it = m_rowById.constFind(conversation.id);
    if (it == m_rowById.constEnd()) {
        const int row = int(m_rows.size());
        beginInsertRows({}, row, row);
        m_rows.append(makeRow(conversation, now));
        m_rowById.insert(conversation.id, row);
        endInsertRows();
        return;
    }
    const int row = it.value();
    Row& current = m_rows[row];
    if (sameForDisplay(current.conversation, conversation)) {
        current.conversation = conversation; // fields nobody shows may differ; keep the latest
        return;
    }
    current = makeRow(conversation, now);
    emitRowChanged(row);
}

void ConversationModel::remove(qint64 conversationId)
{
    const int row = rowOf(conversationId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_rowById.remove(conversationId);
    reindexFrom(row);
    endRemoveRows();
}

void ConversationModel::setDraftWaiting(qint64 conversationId, bool waiting)
{
    if (waiting == m_draftWaiting.contains(conversationId))
        return;
    if (waiting)
        m_draftWaiting.insert(conversationId);
    else
        m_draftWaiting.remove(conversationId);
    const int row = rowOf(conversationId);
    if (row >= 0) {
        const QModelIndex cell = index(row, DraftColumn);
        emit dataChanged(cell, cell, { Qt::DisplayRole, DraftWaitingRole, SortRole });
    }
}

void ConversationModel::setDeliveryState(qint64 conversationId, const QString& text)
{
    if (m_deliveryState.value(conversationId) == text)
        return;
    if (text.isEmpty())
        m_deliveryState.remove(conversationId);
    else
        m_deliveryState.insert(conversationId, text);
    const int row = rowOf(conversationId);
    if (row >= 0) {
        const QModelIndex cell = index(row, DraftColumn);
        emit dataChanged(cell, cell, { Qt::DisplayRole, Qt::ToolTipRole, DeliveryStateRole, SortRole });
    }
}

void ConversationModel::setInboxNames(const QHash<qint64, QString>& names)
{
    if (names == m_inboxNames)
        return;
    m_inboxNames = names;
    if (!m_rows.isEmpty())
        emit dataChanged(
            index(0, InboxColumn), index(int(m_rows.size()) - 1, InboxColumn), { Qt::DisplayRole, SortRole });
}

void ConversationModel::setSlaMinutes(int minutes)
{
    if (minutes == m_slaMinutes || minutes <= 0)
        return;
    m_slaMinutes = minutes;
    refreshTimes();
}

void ConversationModel::setTickInterval(int msecs)
{
    if (msecs <= 0) {
        m_tick.stop();
        return;
    }
    m_tick.start(msecs);
}

void ConversationModel::refreshTimes()
{
    if (m_rows.isEmpty())
        return;
    const QDateTime now = Clock::nowUtc();
    emit dataChanged(index(0, WaitingColumn), index(int(m_rows.size()) - 1, WaitingColumn),
        { Qt::DisplayRole, WaitingSecondsRole });
    for (int row = 0; row < m_rows.size(); ++row) {
        Row& r = m_rows[row];
        const SlaState sla = slaStateFor(r.conversation.waitingSince, now, m_slaMinutes);
        if (sla == r.sla)
            continue;
        r.sla = sla;
        const QModelIndex cell = index(row, SlaColumn);
        emit dataChanged(
            cell, cell, { Qt::DisplayRole, Qt::DecorationRole, Qt::ToolTipRole, SlaStateRole, SortRole });
    }
}

int ConversationModel::rowOf(qint64 conversationId) const
{
    return m_rowById.value(conversationId, -1);
}

QModelIndex ConversationModel::indexOf(qint64 conversationId, int column) const
{
    const int row = rowOf(conversationId);
    return row < 0 ? QModelIndex() : index(row, column);
}

const Conversation* ConversationModel::conversationAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    return &m_rows.at(row).conversation;
}

const Conversation* ConversationModel::conversation(qint64 conversationId) const
{
    return conversationAt(rowOf(conversationId));
}

review::QueueUrgency ConversationModel::urgency(qint64 conversationId) const
{
    const int row = rowOf(conversationId);
    if (row < 0)
        return {};
    const Conversation& c = m_rows.at(row).conversation;
    // Computed now rather than read from the row: the row's state refreshes only on the model's tick.
    return { slaStateFor(c.waitingSince, Clock::nowUtc(), m_slaMinutes), c.waitingSince,
        raised(m_rows.at(row)) };
}

void ConversationModel::reindexFrom(int row)
{
    if (row == 0)
        m_rowById.clear();
    for (int i = row; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).conversation.id, i);
}

void ConversationModel::emitRowChanged(int row)
{
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace cx::gui
