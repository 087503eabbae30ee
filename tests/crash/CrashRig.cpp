#include "CrashRig.h"

#include "TestSupport.h"
#include "foundation/Clock.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"
#include "review/OutboxStore.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace cx::crash {

QString CrashCounts::summary() const
{
    return QStringLiteral("replies %1/%2, duplicates %3, missing replies %4, outbox sent %5/%2, "
                          "signals %6/%2, lost signals %7, stuck %8")
        .arg(replies)
        .arg(drafts)
        .arg(duplicates)
        .arg(missingReplies)
        .arg(outboxSent)
        .arg(signalsOk)
        .arg(lostSignals)
        .arg(stuck);
}

CrashRig::CrashRig(const QString& dialect)
    : m_sandbox(std::make_unique<sandbox::ChatwootSandbox>())
{
    if (m_sandbox->listen() == 0) {
        qWarning("sandbox: cannot listen");
        return;
    }
    m_inbox = m_sandbox->addInbox(QStringLiteral("Website"), QStringLiteral("Channel::WebWidget"));
    m_contact = m_sandbox->addContact(QStringLiteral("Ana Lima"), QStringLiteral("ana@example.com"));
    m_databaseUrl = dialect == QLatin1String("sqlite")
        ? QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("crash.db"))
        : test::createPostgresDatabase(QStringLiteral("cxcrash"));
    if (m_databaseUrl.isEmpty())
        return;
    auto db = storage::Database::open(m_databaseUrl);
    if (!db) {
        qWarning("%s", qPrintable(db.error().toString()));
        return;
    }
    m_db = db.value();
}

CrashRig::~CrashRig()
{
    if (!m_adminConnection.isEmpty()) {
        setDatabaseAvailable(true);
        QSqlDatabase::removeDatabase(m_adminConnection);
    }
}

QString CrashRig::signalQueuePath(const QString& name) const
{
    return m_dir.filePath(name + QStringLiteral(".db"));
}

QStringList CrashRig::seedDrafts(int n)
{
    QStringList ids;
    if (Status up = m_db->ensureConnected(); !up) {
        qWarning("seed: %s", qPrintable(up.error().toString()));
        return ids;
    }
    review::DraftStore drafts(*m_db);
    for (int i = 0; i < n; ++i) {
        const int number = int(m_drafts.size()) + 1;
        const qint64 conversation = m_sandbox->addConversation(m_inbox, m_contact);
        const qint64 message
            = m_sandbox->addMessage(conversation, QStringLiteral("Where is order %1?").arg(number), 0);
        review::DraftRecord d;
        d.accountId = m_sandbox->accountId();
        d.conversationId = conversation;
        d.messageId = message;
        d.inboxId = m_inbox;
        d.customerMessage = QStringLiteral("Where is order %1?").arg(number);
        d.content.text
            = QStringLiteral("Order %1 ships today; you will get the tracking link by mail.").arg(number);
        d.content.confidence = 0.8;
        d.content.sources
            = QJsonArray { QJsonObject { { QStringLiteral("id"), QStringLiteral("kb:shipping#1") } } };
        d.customerMessageAt = Clock::nowUtc().addSecs(-60);
        auto inserted = drafts.insert(d);
        if (!inserted) {
            qWarning("seed: %s", qPrintable(inserted.error().toString()));
            return ids;
        }
        if (Status noted = drafts.markNoted(inserted->id, 0); !noted) {
            qWarning("seed: %s", qPrintable(noted.error().toString()));
            return ids;
        }
        m_drafts.append({ inserted->id, conversation });
        ids.append(inserted->id);
    }
    return ids;
}

int CrashRig::approveAndQueue(const QStringList& draftIds, const QString& reviewer)
{
    review::DraftStore drafts(*m_db);
    review::OutboxStore outbox(*m_db);
    int prepared = 0;
    for (const QString& id : draftIds) {
        auto draft = drafts.get(id);
        if (!draft)
            break;
        const QString text = draft->content.text + QStringLiteral(" (checked by %1)").arg(reviewer);
        if (Status approved = drafts.markApproved(id, { 4, 5, 5 }, reviewer, text, Clock::nowUtc());
            !approved) {
            qWarning("approve: %s", qPrintable(approved.error().toString()));
            break;
        }
        if (auto queued = outbox.queueApproved(id); !queued) {
            qWarning("outbox: %s", qPrintable(queued.error().toString()));
            break;
        }
        ++prepared;
    }
    return prepared;
}

QStringList CrashRig::driverArguments(
    const QString& reviewer, const QStringList& extra, const QString& queueName)
{
    m_queueNames.insert(queueName);
    QStringList args { QStringLiteral("--database"), m_databaseUrl, QStringLiteral("--chatwoot"),
        m_sandbox->url().toString(), QStringLiteral("--token"), m_sandbox->token(),
        QStringLiteral("--account"), QString::number(m_sandbox->accountId()), QStringLiteral("--reviewer"),
        reviewer, QStringLiteral("--signal-queue"), signalQueuePath(queueName) };
    return args + extra;
}

CrashCounts CrashRig::count()
{
    CrashCounts c;
    if (Status up = m_db->ensureConnected(); !up) {
        qWarning("count: %s", qPrintable(up.error().toString()));
        c.stuck = -1;
        return c;
    }
    review::DraftStore drafts(*m_db);
    review::OutboxStore outbox(*m_db);
    review::SignalStore signalStore(*m_db);
    for (const Seeded& s : std::as_const(m_drafts)) {
        ++c.drafts;
        auto draft = drafts.get(s.draftId);
        auto row = outbox.forDraft(s.draftId);
        auto signalCount = signalStore.countForDraft(s.draftId);
        if (!draft || !row || !signalCount) {
            qWarning("count: cannot read draft %s", qPrintable(s.draftId));
            ++c.stuck;
            continue;
        }
        const review::DraftState state = draft->state;
        c.draftStates[review::draftStateName(state)] += 1;
        int publicReplies = 0, withText = 0;
        for (const auto& m : m_sandbox->messages(s.conversationId)) {
            if (m.messageType != 1 || m.isPrivate)
                continue;
            ++publicReplies;
            if (!draft->finalText.isEmpty() && m.content == draft->finalText)
                ++withText;
        }
        c.duplicates += qMax(0, publicReplies - 1);
        if (state == review::DraftState::Sent) {
            ++c.sent;
            if (publicReplies == 0)
                ++c.missingReplies;
        } else {
            ++c.stuck;
        }
        if (publicReplies == 1 && withText == 1)
            ++c.replies;
        if (row.value()) {
            const QString rowState = review::outboxStateName(row.value()->state);
            c.outboxStates[rowState] += 1;
            if (row.value()->state == review::OutboxRow::State::Sent)
                ++c.outboxSent;
            else
                ++c.stuck;
        }
        if (signalCount.value() == 1)
            ++c.signalsOk;
        const bool reviewed = state == review::DraftState::Sent || state == review::DraftState::Rejected;
        if (reviewed && signalCount.value() != 1)
            ++c.lostSignals;
    }
    for (const QString& name : std::as_const(m_queueNames)) {
        if (!QFileInfo::exists(signalQueuePath(name)))
            continue;
        auto local = storage::Database::open(QStringLiteral("sqlite://") + signalQueuePath(name));
        auto size = local ? review::SignalQueue(*local.value()).size() : Result<int>(local.error());
        if (!size) {
            qWarning("count: signal queue %s: %s", qPrintable(name), qPrintable(size.error().toString()));
            c.lostSignals += 1;
            continue;
        }
        c.queuedSignals += size.value();
        c.lostSignals += size.value();
    }
    return c;
}

bool CrashRig::admin(const QString& sql)
{
    if (m_adminConnection.isEmpty()) {
        m_adminConnection = QStringLiteral("crash-admin-") + QUuid::createUuid().toString(QUuid::Id128);
        const QUrl u(test::postgresAdminUrl());
        QSqlDatabase c = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_adminConnection);
        c.setHostName(u.host());
        c.setPort(u.port(5432));
        c.setUserName(u.userName());
        c.setPassword(u.password());
        c.setDatabaseName(u.path().mid(1));
    }
    QSqlDatabase c = QSqlDatabase::database(m_adminConnection, false);
    if (!c.isOpen() && !c.open()) {
        qWarning("admin: %s", qPrintable(c.lastError().text()));
        return false;
    }
    QSqlQuery q(c);
    if (!q.exec(sql)) {
        qWarning("admin: %s", qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

bool CrashRig::setDatabaseAvailable(bool available)
{
    const QString name = m_db->url().database;
    if (available)
        return admin(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS true").arg(name));
    return admin(QStringLiteral("ALTER DATABASE \"%1\" ALLOW_CONNECTIONS false").arg(name))
        && admin(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%1' "
                                "AND pid <> pg_backend_pid()")
                     .arg(name));
}

} // namespace cx::crash
