#include "DraftPipeline.h"

#include "chatwoot/ChatwootClient.h"
#include "chatwoot/DraftRule.h"
#include "foundation/Clock.h"
#include "foundation/LogCategories.h"
#include "learning/ExperimentStore.h"
#include "metrics/ResponseClock.h"
#include "review/AuditLog.h"
#include "review/DbCall.h"
#include "review/DraftStore.h"
#include "storage/Database.h"
#include "storage/SqlError.h"

#include <QCoreApplication>
#include <QSqlQuery>

#include <limits>

namespace cx::pipeline {

using review::dbCall;
using review::DraftRecord;
using review::DraftState;
using review::DraftStore;

namespace {

DraftPipeline::JobOutcome outcome(qint64 conversation, qint64 message, DraftPipeline::Result_ result,
    const QString& reason, const QString& draftId = {})
{
    return { conversation, message, result, draftId, reason };
}

// Removes a claim whose generation failed, so the message can be drafted again later.
void releaseClaim(storage::Database& db, const QString& draftId)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("DELETE FROM drafts WHERE id = ? AND state = 'drafted' AND draft_text = ''"));
    q.addBindValue(draftId);
    (void)q.exec();
}
} // namespace

DraftPipeline::DraftPipeline(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client,
    Generator generator, Options options, QObject* parent)
    : DraftPipeline(std::move(db), client,
        GuidedGenerator([generator = std::move(generator)](const chatwoot::ConversationHistory& history,
                            qint64 messageId, const GenerateRequest&, QObject* context,
                            std::function<void(Result<review::DraftContent>)> done) {
            generator(history, messageId, context, std::move(done));
        }),
        std::move(options), parent)
{
}

DraftPipeline::DraftPipeline(std::shared_ptr<storage::Database> db, chatwoot::ChatwootClient* client,
    GuidedGenerator generator, Options options, QObject* parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_client(client)
    , m_generator(std::move(generator))
    , m_options(std::move(options))
{
}

void DraftPipeline::enqueue(qint64 conversationId, qint64 messageId)
{
    const QPair<qint64, qint64> key { conversationId, messageId };
    if (m_pending.contains(key))
        return;
    m_pending.insert(key);
    m_queue.enqueue({ conversationId, messageId, {} });
    pump();
}

void DraftPipeline::pump()
{
    while (m_running < m_options.maxConcurrent && !m_queue.isEmpty()) {
        const Job job = m_queue.dequeue();
        ++m_running;
        run(job, [this, job](JobOutcome result) {
            --m_running;
            m_pending.remove({ job.conversationId, job.messageId });
            qCInfo(lcDrafting) << "draft job" << job.conversationId << job.messageId << "->"
                               << static_cast<int>(result.result) << result.reason;
            emit jobFinished(result);
            pump();
        });
    }
}

void DraftPipeline::generateAndPostDraft(
    qint64 conversationId, qint64 messageId, QObject* context, std::function<void(JobOutcome)> done)
{
    QPointer<QObject> guard(context);
    run({ conversationId, messageId, {} }, [guard, done](JobOutcome r) {
        if (guard)
            done(std::move(r));
    });
}

void DraftPipeline::regenerate(const QString& draftId, QObject* context, std::function<void(JobOutcome)> done)
{
    regenerate(draftId, QString(), context, std::move(done));
}

void DraftPipeline::regenerate(const QString& draftId, const QString& instruction, QObject* context,
    std::function<void(JobOutcome)> done)
{
    QPointer<QObject> guard(context);
    dbCall<Result<DraftRecord>>(
        m_db, this, [draftId](storage::Database& db) { return DraftStore(db).get(draftId); },
        [this, draftId, instruction, guard, done](Result<DraftRecord> draft) {
            if (!draft) {
                if (guard)
                    done(outcome(0, 0, Result_::Failed, draft.error().message));
                return;
            }
            run({ draft->conversationId, draft->messageId, draftId, instruction.trimmed(),
                    draft->content.text, draft->noteMessageId },
                [guard, done](JobOutcome r) {
                    if (guard)
                        done(std::move(r));
                });
        });
}

void DraftPipeline::run(const Job& job, std::function<void(JobOutcome)> done)
{
    if (!m_options.draftingEnabled)
        return done(outcome(job.conversationId, job.messageId, Result_::Skipped,
            tr("Drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED=false).")));
    m_client->fetchConversation(
        job.conversationId, this, [this, job, done](Result<chatwoot::ConversationHistory> history) {
            if (!history)
                return done(outcome(job.conversationId, job.messageId, Result_::Failed,
                    tr("Could not read the conversation: %1").arg(history.error().message)));
            const auto& messages = history->messages;
            qsizetype index = -1;
            for (qsizetype i = 0; i < messages.size(); ++i)
                if (messages.at(i).id == job.messageId)
                    index = i;
            if (index < 0)
                return done(outcome(job.conversationId, job.messageId, Result_::Skipped,
                    tr("The message is not in the conversation.")));
            const chatwoot::Message& message = messages.at(index);
            const auto decision
                = chatwoot::needsDraft(message, history->conversation.status, m_options.draftingEnabled);
            if (!decision.needed)
                return done(outcome(job.conversationId, job.messageId, Result_::Skipped, decision.reason));
            // Only the newest unanswered customer message gets a draft; a public agent reply after it means
            // someone already answered.
            for (qsizetype i = index + 1; i < messages.size(); ++i) {
                const chatwoot::Message& later = messages.at(i);
                if (later.isPublicOutgoing())
                    return done(outcome(job.conversationId, job.messageId, Result_::Skipped,
                        tr("An agent already replied after this message.")));
                if (later.messageType == chatwoot::MessageType::Incoming && !later.isPrivate)
                    return done(outcome(job.conversationId, job.messageId, Result_::Skipped,
                        tr("The customer wrote again; the newer message is drafted instead.")));
            }
            claimAndGenerate(job, history.value(), message, done);
        });
}

void DraftPipeline::claimAndGenerate(const Job& job, const chatwoot::ConversationHistory& history,
    const chatwoot::Message& message, std::function<void(JobOutcome)> done)
{
    const QString actor = m_options.actor;
    const qint64 accountId = m_client->config().accountId;
    DraftRecord claim;
    claim.accountId = accountId;
    claim.conversationId = job.conversationId;
    claim.messageId = job.messageId;
    claim.inboxId = history.conversation.inboxId;
    // The SLA clock starts at the first unanswered customer message of this exchange (METRICS.md).
    claim.customerMessageAt = metrics::responseClockStartOf(history.messages, message.id);
    claim.customerMessage = message.content;
    claim.customerName = message.sender.name; // the drill-down and the PDF name the customer
    // The running experiment's variant for this conversation, recorded with the claim (issue 18).
    auto variant = std::make_shared<learning::ExperimentVariant>();
    dbCall<Result<DraftRecord>>(
        m_db, this,
        [claim, job, actor, variant](storage::Database& db) -> Result<DraftRecord> {
            DraftRecord inserted;
            Status st = db.transaction([&](QSqlDatabase&) -> Status {
                DraftStore drafts(db);
                review::AuditLog audit(db);
                // The message's own live draft (regenerate) and the conversation's older waiting drafts step
                // aside.
                auto waiting = drafts.waitingInConversation(claim.accountId, claim.conversationId);
                if (!waiting)
                    return waiting.error();
                for (const DraftRecord& old : waiting.value()) {
                    const bool replaced = old.id == job.replacing;
                    if (old.messageId == claim.messageId && !replaced)
                        continue; // same message, not asked to replace: the claim below reports it
                    if (Status s = drafts.markSuperseded(old.id); !s)
                        return s;
                    auto a
                        = audit.append({ actor, QStringLiteral("draft.superseded"), QStringLiteral("draft"),
                            old.id, review::draftStateName(old.state), QStringLiteral("superseded"),
                            QJsonObject { { QStringLiteral("by_message_id"), claim.messageId },
                                { QStringLiteral("regenerated"), replaced } } });
                    if (!a)
                        return a.error();
                }
                auto ins = drafts.insert(claim);
                if (!ins)
                    return ins.error();
                inserted = ins.value();
                auto assigned = learning::ExperimentStore(db).assignDraft(
                    inserted.id, claim.accountId, claim.conversationId);
                if (!assigned)
                    return assigned.error();
                if (assigned.value())
                    *variant = *assigned.value();
                for (const DraftRecord& old : waiting.value())
                    if (old.id == job.replacing || old.messageId != claim.messageId)
                        if (Status s = drafts.linkSuperseded(old.id, inserted.id); !s)
                            return s;
                return Ok {};
            });
            if (!st)
                return st.error();
            return inserted;
        },
        [this, job, history, variant, done](Result<DraftRecord> claimed) {
            if (!claimed) {
                if (claimed.error().kind == ErrorKind::Conflict)
                    return done(outcome(job.conversationId, job.messageId, Result_::Skipped,
                        tr("This message already has a draft (made here or by another process).")));
                return done(
                    outcome(job.conversationId, job.messageId, Result_::Failed, claimed.error().message));
            }
            const DraftRecord draft = claimed.value();
            m_generator(history, job.messageId,
                GenerateRequest { job.instruction, !job.replacing.isEmpty(), *variant }, this,
                [this, job, draft, done](Result<review::DraftContent> content) {
                    if (!content) {
                        const QString why = content.error().message;
                        dbCall<int>(
                            m_db, this,
                            [id = draft.id](storage::Database& db) {
                                releaseClaim(db, id);
                                return 0;
                            },
                            [job, why, done](int) {
                                done(outcome(job.conversationId, job.messageId, Result_::Failed,
                                    tr("The draft could not be generated: %1").arg(why)));
                            });
                        return;
                    }
                    DraftRecord filled = draft;
                    filled.content = content.value();
                    const QString actor = m_options.actor;
                    dbCall<Status>(
                        m_db, this,
                        [filled, actor](storage::Database& db) {
                            return db.transaction([&](QSqlDatabase&) -> Status {
                                if (Status s = DraftStore(db).updateContent(filled.id, filled.content); !s)
                                    return s;
                                auto a = review::AuditLog(db).append({ actor, QStringLiteral("draft.drafted"),
                                    QStringLiteral("draft"), filled.id, {}, QStringLiteral("drafted"),
                                    QJsonObject { { QStringLiteral("model"), filled.content.model },
                                        { QStringLiteral("offline"), filled.content.offline },
                                        { QStringLiteral("prompt_variant"),
                                            filled.content.promptVariant } } });
                                if (!a)
                                    return a.error();
                                return Ok {};
                            });
                        },
                        [this, filled, job, done](Status saved) {
                            if (!saved)
                                return done(outcome(job.conversationId, job.messageId, Result_::Failed,
                                    saved.error().message));
                            // The same text again: the old note already carries it; none is posted twice.
                            const bool same = !job.replacing.isEmpty() && job.replacedNoteId > 0
                                && filled.content.text.trimmed() == job.replacedText.trimmed();
                            postNote(filled, done, same ? job.replacedNoteId : 0);
                        });
                });
        });
}

void DraftPipeline::postNote(
    const DraftRecord& draft, std::function<void(JobOutcome)> done, qint64 reuseNoteId)
{
    const QString note
        = draft.content.noteMarkdown.isEmpty() ? draft.content.text : draft.content.noteMarkdown;
    auto recordNoted = [this, draft, done, reuseNoteId](qint64 noteId) {
        const QString actor = m_options.actor;
        const bool reused = reuseNoteId > 0;
        dbCall<Status>(
            m_db, this,
            [draft, noteId, actor, reused](storage::Database& db) {
                return db.transaction([&](QSqlDatabase&) -> Status {
                    if (Status s = DraftStore(db).markNoted(draft.id, noteId); !s)
                        return s;
                    auto a = review::AuditLog(db).append({ actor, QStringLiteral("draft.noted"),
                        QStringLiteral("draft"), draft.id, QStringLiteral("drafted"), QStringLiteral("noted"),
                        QJsonObject { { QStringLiteral("note_message_id"), noteId },
                            { QStringLiteral("same_as_replaced"), reused } } });
                    if (!a)
                        return a.error();
                    return Ok {};
                });
            },
            [this, draft, done, reused](Status st) {
                if (!st)
                    return done(outcome(draft.conversationId, draft.messageId, Result_::Failed,
                        st.error().message, draft.id));
                emit draftNoted(draft.id, draft.conversationId);
                done(outcome(draft.conversationId, draft.messageId, Result_::Noted,
                    reused ? tr("The new draft is the same as before; no second private note was posted.")
                           : QString(),
                    draft.id));
            });
    };
    if (reuseNoteId > 0)
        return recordNoted(reuseNoteId);
    m_client->postPrivateNote(draft.conversationId, note, this,
        [this, draft, note, recordNoted, done](Result<chatwoot::Message> posted) {
            if (posted)
                return recordNoted(posted->id);
            if (!chatwoot::isOutcomeUnknown(posted.error()))
                return done(outcome(draft.conversationId, draft.messageId, Result_::Failed,
                    tr("The private note could not be posted: %1").arg(posted.error().message), draft.id));
            // Unclear: look before posting again.
            chatwoot::RecentSince since;
            since.afterMessageId = draft.messageId;
            m_client->findRecentOutgoing(
                draft.conversationId, note, since, this,
                [draft, recordNoted, done, posted](Result<std::optional<chatwoot::Message>> found) {
                    if (found && found.value())
                        return recordNoted(found.value()->id);
                    done(outcome(draft.conversationId, draft.messageId, Result_::Failed,
                        tr("The private note may not have arrived (%1); it will be retried.")
                            .arg(posted.error().message),
                        draft.id));
                },
                true);
        });
}

void DraftPipeline::agentReplied(
    qint64 accountId, qint64 conversationId, qint64 messageId, qint64 personReplyId)
{
    supersedeWaiting(accountId, conversationId, messageId, QStringLiteral("agent_replied"),
        QJsonObject { { QStringLiteral("reply_message_id"), messageId } }, personReplyId);
}

void DraftPipeline::conversationClosed(qint64 accountId, qint64 conversationId)
{
    supersedeWaiting(accountId, conversationId, 0, QStringLiteral("conversation_closed"), {});
}

void DraftPipeline::closeWaitingOutside(qint64 accountId, const QSet<qint64>& openOrPending)
{
    dbCall<Result<QSet<qint64>>>(
        m_db, this,
        [accountId, openOrPending](storage::Database& db) -> Result<QSet<qint64>> {
            // Waiting drafts are a review queue (hundreds), not a table scan: no page bound is needed here.
            auto waiting = DraftStore(db).pending(std::numeric_limits<int>::max());
            if (!waiting)
                return waiting.error();
            QSet<qint64> closed;
            for (const DraftRecord& d : waiting.value())
                if (d.accountId == accountId && !openOrPending.contains(d.conversationId))
                    closed.insert(d.conversationId);
            return closed;
        },
        [this, accountId](Result<QSet<qint64>> closed) {
            if (!closed) {
                qCWarning(lcDrafting) << "reading the waiting drafts failed:" << closed.error().toString();
                return;
            }
            for (const qint64 conversationId : closed.value())
                conversationClosed(accountId, conversationId);
        });
}

void DraftPipeline::supersedeWaiting(qint64 accountId, qint64 conversationId, qint64 beforeMessageId,
    const QString& reason, const QJsonObject& details, qint64 personReplyId)
{
    const QString actor = m_options.actor;
    dbCall<Result<QStringList>>(
        m_db, this,
        [=](storage::Database& db) -> Result<QStringList> {
            QStringList superseded;
            Status st = db.transaction([&](QSqlDatabase&) -> Status {
                DraftStore drafts(db);
                review::AuditLog audit(db);
                // A person answered: rejected drafts before that reply are manual replies now (METRICS.md).
                if (personReplyId > 0)
                    if (auto marked = drafts.markAnsweredByPerson(
                            accountId, conversationId, personReplyId, Clock::nowUtc());
                        !marked)
                        return marked.error();
                auto waiting = drafts.waitingInConversation(accountId, conversationId);
                if (!waiting)
                    return waiting.error();
                for (const DraftRecord& old : waiting.value()) {
                    // A draft for a customer message written after the reply still needs its answer.
                    if (beforeMessageId > 0 && old.messageId >= beforeMessageId)
                        continue;
                    if (Status s = drafts.markSuperseded(old.id); !s) {
                        if (s.error().kind == ErrorKind::Conflict)
                            continue; // a reviewer moved it meanwhile (approved, rejected): theirs stands
                        return s;
                    }
                    QJsonObject audited = details;
                    audited.insert(QStringLiteral("reason"), reason);
                    auto a = audit.append(
                        { actor, QStringLiteral("draft.superseded"), QStringLiteral("draft"), old.id,
                            review::draftStateName(old.state), QStringLiteral("superseded"), audited });
                    if (!a)
                        return a.error();
                    superseded.append(old.id);
                }
                return Ok {};
            });
            if (!st)
                return st.error();
            return superseded;
        },
        [this, conversationId, reason](Result<QStringList> r) {
            if (!r) {
                qCWarning(lcDrafting) << "superseding the drafts of conversation" << conversationId << "("
                                      << reason << ") failed:" << r.error().toString();
                return;
            }
            emit draftsSuperseded(conversationId, r.value(), reason);
        });
}

} // namespace cx::pipeline
