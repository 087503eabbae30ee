#include "DraftModel.h"

#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "storage/Database.h"

#include <QFutureWatcher>
#include <QLocale>

namespace cx::gui {

namespace {

QString riskText(const QString& level)
{
    if (level == QLatin1String("high"))
        return DraftModel::tr("High");
    if (level == QLatin1String("medium"))
        return DraftModel::tr("Medium");
    if (level == QLatin1String("low"))
        return DraftModel::tr("Low");
    return DraftModel::tr("Not assessed");
}

int riskRank(const QString& level)
{
    return level == QLatin1String("high")  ? 3
        : level == QLatin1String("medium") ? 2
        : level == QLatin1String("low")    ? 1
                                           : 0;
}

QString stateText(const QString& state)
{
    if (state == QLatin1String("drafted"))
        return DraftModel::tr("Drafted");
    if (state == QLatin1String("noted"))
        return DraftModel::tr("Note posted");
    return state;
}

qint64 ageSeconds(const PendingDraft& d)
{
    return d.createdAt.isValid() ? std::max<qint64>(0, d.createdAt.secsTo(Clock::nowUtc())) : -1;
}

QString formatAge(qint64 seconds)
{
    if (seconds < 0)
        return {};
    if (seconds < 60)
        return DraftModel::tr("just now");
    if (seconds < 3600)
        return DraftModel::tr("%1 min").arg(seconds / 60);
    if (seconds < 86400)
        return DraftModel::tr("%1 h %2 min")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'));
    return DraftModel::tr("%1 d").arg(seconds / 86400);
}

} // namespace

QString queueStateText(const PendingDraft& d)
{
    if (!d.isAwaitingSend())
        return stateText(d.state);
    if (d.outboxState == QLatin1String("unknown")) {
        return d.recheckAt.isValid()
            ? DraftModel::tr("Not confirmed yet — re-checking at %1")
                  .arg(QLocale().toString(d.recheckAt.toLocalTime().time(), QLocale::ShortFormat))
            : DraftModel::tr("Not confirmed yet — re-checking");
    }
    if (d.outboxState == QLatin1String("failed")) {
        QString why = d.lastError.trimmed();
        if (why.size() > 1 && why.at(1).isLower())
            why[0] = why.at(0).toLower(); // "Needs attention: the customer was already answered …"
        return why.isEmpty() ? DraftModel::tr("Needs attention")
                             : DraftModel::tr("Needs attention: %1").arg(why);
    }
    return DraftModel::tr("Sending…"); // approved, queued, or on its way
}

DraftModel::DraftModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    connect(&m_poll, &QTimer::timeout, this, &DraftModel::refresh);
}

DraftModel::~DraftModel() = default;

int DraftModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DraftModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString DraftModel::contactText(const PendingDraft& draft) const
{
    const QString name = m_contactNames.value(draft.conversationId);
    return name.isEmpty() ? tr("Conversation #%1").arg(draft.conversationId) : name;
}

QVariant DraftModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PendingDraft& d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ContactColumn:
            return contactText(d);
        case PreviewColumn:
            return d.preview;
        case ConfidenceColumn:
            return d.confidence < 0 ? QString()
                                    : QLocale().toString(d.confidence * 100.0, 'f', 0) + QLatin1Char('%');
        case RiskColumn:
            return riskText(d.riskLevel);
        case AgeColumn:
            return formatAge(ageSeconds(d));
        case StateColumn:
            return d.offline && !d.isAwaitingSend() ? tr("%1 (offline drafter)").arg(queueStateText(d))
                                                    : queueStateText(d);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ContactColumn)
            return tr("Conversation #%1").arg(d.conversationId);
        if (index.column() == StateColumn)
            return queueStateText(d);
        if (index.column() == AgeColumn && d.createdAt.isValid())
            return QLocale().toString(d.createdAt.toLocalTime(), QLocale::ShortFormat);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ConfidenceColumn || index.column() == AgeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case DraftIdRole:
        return d.id;
    case ConversationIdRole:
        return d.conversationId;
    case KindRole:
        return d.kind;
    case StateRole:
        return d.state;
    case ConfidenceRole:
        return d.confidence;
    case RiskLevelRole:
        return d.riskLevel;
    case OfflineRole:
        return d.offline;
    case CreatedAtRole:
        return d.createdAt;
    case AgeSecondsRole:
        return ageSeconds(d);
    case SortRole:
        switch (index.column()) {
        case ConfidenceColumn:
            return d.confidence;
        case RiskColumn:
            return riskRank(d.riskLevel);
        case AgeColumn:
            return ageSeconds(d);
        default:
            return data(index, Qt::DisplayRole);
        }
    default:
        return {};
    }
}

QVariant DraftModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ContactColumn:
        return tr("Contact");
    case PreviewColumn:
        return tr("Draft");
    case ConfidenceColumn:
        return tr("Confidence");
    case RiskColumn:
        return tr("Risk");
    case AgeColumn:
        return tr("Age");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

void DraftModel::setDatabase(std::shared_ptr<storage::Database> database)
{
    m_database = std::move(database);
    ++m_generation;
    m_inFlight = false;
    m_pendingRefresh = false;
    if (!m_database) {
        m_poll.stop();
        return;
    }
    restartPoll();
    refresh();
}

void DraftModel::setPollInterval(int msecs)
{
    m_pollIntervalMs = std::max(0, msecs);
    restartPoll();
}

void DraftModel::setNotifications(ingest::DraftNotifications* notifications)
{
    if (m_notifications)
        m_notifications->disconnect(this);
    m_notifications = notifications;
    if (m_notifications) {
        connect(m_notifications, &ingest::DraftNotifications::draftChanged, this, [this] { refresh(); });
        connect(m_notifications, &ingest::DraftNotifications::resubscribed, this, &DraftModel::refresh);
        connect(m_notifications, &QObject::destroyed, this, [this] { restartPoll(); });
    }
    restartPoll();
}

int DraftModel::effectivePollInterval() const
{
    if (!m_database || m_pollIntervalMs == 0)
        return 0;
    if (m_notifications && m_notifications->isListening())
        return std::max(m_pollIntervalMs, kNotifiedPollMs);
    return m_pollIntervalMs;
}

void DraftModel::restartPoll()
{
    const int interval = effectivePollInterval();
    if (interval == 0)
        m_poll.stop();
    else if (!m_poll.isActive() || m_poll.interval() != interval)
        m_poll.start(interval);
}

void DraftModel::refresh()
{
    if (!m_database)
        return;
    if (m_inFlight) {
        m_pendingRefresh = true;
        return;
    }
    m_inFlight = true;
    const quint64 generation = m_generation;
    auto* watcher = new QFutureWatcher<Result<QList<PendingDraft>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return; // answer from a database we no longer show
        m_inFlight = false;
        onLoaded(watcher->result());
        if (m_pendingRefresh) {
            m_pendingRefresh = false;
            refresh();
        }
    });
    watcher->setFuture(
        m_database->run<Result<QList<PendingDraft>>>([](QSqlDatabase& db) { return loadPendingDrafts(db); }));
}

void DraftModel::onLoaded(Result<QList<PendingDraft>> result)
{
    if (!result) {
        qCWarning(lcApp) << "pending drafts could not be read:" << result.error().toString();
        emit refreshFailed(result.error().message);
        return;
    }
    applyPending(result.value());
    emit refreshed();
}

void DraftModel::applyPending(const QList<PendingDraft>& drafts)
{
    const bool announce = m_loadedOnce;
    m_loadedOnce = true;
    const int countBefore = int(m_rows.size());

    QHash<QString, int> freshIndex;
    freshIndex.reserve(drafts.size());
    for (int i = 0; i < drafts.size(); ++i)
        freshIndex.insert(drafts.at(i).id, i);

    // 1. Removals, bottom-up, one signal per contiguous run.
    bool removed = false;
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (freshIndex.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !freshIndex.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        removed = true;
        row = first - 1;
    }
    if (removed)
        reindexFrom(0);

    // 2. What is left must be in the new order (both are ordered by creation time, which never changes).
    // If it is not (a clock-skewed writer), remove the out-of-order rows: they are inserted again below.
    int lastIndex = -1;
    for (int row = 0; row < m_rows.size();) {
        const int at = freshIndex.value(m_rows.at(row).id);
        if (at > lastIndex) {
            lastIndex = at;
            ++row;
            continue;
        }
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
        reindexFrom(0);
    }

    // 3. Walk the new list: update rows we have, insert runs of new ones where they belong.
    QStringList added;
    int row = 0;
    for (int i = 0; i < drafts.size();) {
        if (row < m_rows.size() && m_rows.at(row).id == drafts.at(i).id) {
            if (!(m_rows.at(row) == drafts.at(i))) {
                m_rows[row] = drafts.at(i);
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
            ++row;
            ++i;
            continue;
        }
        int end = i;
        while (end < drafts.size() && (row >= m_rows.size() || drafts.at(end).id != m_rows.at(row).id))
            ++end;
        beginInsertRows({}, row, row + (end - i) - 1);
        for (int k = i; k < end; ++k) {
            m_rows.insert(row + (k - i), drafts.at(k));
            added.append(drafts.at(k).id);
        }
        reindexFrom(row);
        endInsertRows();
        row += end - i;
        i = end;
    }

    // Ages move on with time: refresh that column (one range).
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn),
            { Qt::DisplayRole, AgeSecondsRole, SortRole });

    if (int(m_rows.size()) != countBefore)
        emit countChanged(int(m_rows.size()));
    if (announce) {
        for (const QString& id : std::as_const(added))
            emit draftAdded(id);
    }
}

void DraftModel::setContactName(qint64 conversationId, const QString& name)
{
    if (m_contactNames.value(conversationId) == name)
        return;
    m_contactNames.insert(conversationId, name);
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).conversationId == conversationId) {
            const QModelIndex cell = index(row, ContactColumn);
            emit dataChanged(cell, cell, { Qt::DisplayRole, SortRole });
        }
    }
}

const PendingDraft* DraftModel::draftAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return nullptr;
    return &m_rows.at(row);
}

QSet<qint64> DraftModel::conversationsWithDrafts() const
{
    QSet<qint64> out;
    for (const PendingDraft& d : m_rows) {
        if (d.kind == QLatin1String("cx_reply") && !d.isAwaitingSend())
            out.insert(d.conversationId);
    }
    return out;
}

QHash<qint64, const PendingDraft*> DraftModel::awaitingSend() const
{
    QHash<qint64, const PendingDraft*> out;
    for (const PendingDraft& d : m_rows) {
        if (d.kind == QLatin1String("cx_reply") && d.isAwaitingSend())
            out.insert(d.conversationId, &d); // rows are oldest first: the newest wins
    }
    return out;
}

void DraftModel::reindexFrom(int row)
{
    if (row == 0)
        m_rowById.clear();
    for (int i = row; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
}

} // namespace cx::gui
