#include "DrafterAdapter.h"

#include "knowledge/KnowledgeBase.h"
#include "learning/ExperimentPrompts.h"

#include <QCoreApplication>
#include <QPointer>

namespace cx::pipeline {

QList<drafting::ConversationTurn> toTurns(const QList<chatwoot::Message>& messages, qint64 uptoMessageId)
{
    QList<drafting::ConversationTurn> turns;
    for (const chatwoot::Message& m : messages) {
        if (m.messageType == chatwoot::MessageType::Activity
            || m.messageType == chatwoot::MessageType::Unknown)
            continue;
        drafting::ConversationTurn t;
        t.text = m.content;
        t.createdAt = m.createdAt;
        t.isPrivate = m.isPrivate;
        if (m.isPrivate)
            t.role = drafting::TurnRole::Note;
        else if (m.messageType == chatwoot::MessageType::Incoming)
            t.role = drafting::TurnRole::Customer;
        else
            t.role = drafting::TurnRole::Agent;
        if (!t.text.trimmed().isEmpty())
            turns.append(t);
        if (uptoMessageId > 0 && m.id == uptoMessageId)
            break;
    }
    return turns;
}

review::DraftContent toDraftContent(const drafting::DraftResult& r)
{
    review::DraftContent c;
    c.text = r.reply;
    for (const drafting::Passage& p : r.sources)
        c.sources.append(
            QJsonObject { { QStringLiteral("id"), p.chunkId }, { QStringLiteral("doc_id"), p.docId },
                { QStringLiteral("title"), p.title }, { QStringLiteral("source"), p.source },
                { QStringLiteral("snippet"), p.text.left(600) }, { QStringLiteral("score"), p.score } });
    c.confidence = qBound(0.0, r.confidence, 1.0);
    QJsonArray findings;
    for (const drafting::Finding& f : r.tone.findings)
        findings.append(
            QJsonObject { { QStringLiteral("rule"), f.rule }, { QStringLiteral("message"), f.message },
                { QStringLiteral("severity"),
                    f.severity == drafting::Severity::Blocker
                        ? QStringLiteral("blocker")
                        : (f.severity == drafting::Severity::Warning ? QStringLiteral("warning")
                                                                     : QStringLiteral("info")) } });
    c.tone = { { QStringLiteral("labels"), QJsonArray::fromStringList(r.tone.labels) },
        { QStringLiteral("findings"), findings },
        { QStringLiteral("customer_upset"), r.tone.customerUpset } };
    for (const drafting::EvidenceLink& e : r.evidence)
        c.evidence.append(QJsonObject { { QStringLiteral("claim"), e.claim },
            { QStringLiteral("passages"), QJsonArray::fromStringList(e.passageIds) } });
    c.riskLevel = drafting::riskLevelName(r.risk.level);
    c.risk = { { QStringLiteral("level"), c.riskLevel },
        { QStringLiteral("reasons"), QJsonArray::fromStringList(r.risk.reasons) },
        { QStringLiteral("unknown_citations"), QJsonArray::fromStringList(r.unknownCitations) } };
    c.model = r.offline ? QStringLiteral("offline") : r.model;
    c.promptVariant = r.promptVersion;
    c.offline = r.offline;
    if (r.usage.present)
        c.usage = { { QStringLiteral("prompt_tokens"), r.usage.promptTokens },
            { QStringLiteral("completion_tokens"), r.usage.completionTokens },
            { QStringLiteral("total_tokens"), r.usage.totalTokens } };
    if (r.estimatedCostUsd)
        c.usage.insert(QStringLiteral("estimated_cost_usd"), *r.estimatedCostUsd);
    // The drafts table has no columns for these; they travel in the timings object (read by DraftView).
    c.timings = { { QStringLiteral("from_cache"), r.fromCache },
        { QStringLiteral("kb_version"), r.kbVersion }, { QStringLiteral("status"), r.statusMessage },
        { QStringLiteral("summary"), r.summary }, { QStringLiteral("customer_language"), r.customerLanguage },
        { QStringLiteral("draft_language"), r.language }, { QStringLiteral("instruction"), r.instruction } };
    c.noteMarkdown = r.note;
    return c;
}

drafting::Drafter::Retriever knowledgeRetriever(knowledge::KnowledgeBase* kb, int k)
{
    QPointer<knowledge::KnowledgeBase> guard(kb);
    return [guard, k](const QString& query, const QList<drafting::ConversationTurn>& turns,
               std::function<void(drafting::Retrieval)> done) {
        if (!guard)
            return done({});
        QList<knowledge::Turn> conversation;
        for (const drafting::ConversationTurn& t : turns) {
            if (t.isPrivate || t.role == drafting::TurnRole::Note)
                continue;
            conversation.append({ t.role == drafting::TurnRole::Customer ? QStringLiteral("customer")
                                                                         : QStringLiteral("agent"),
                t.text });
        }
        if (conversation.isEmpty())
            conversation.append({ QStringLiteral("customer"), query });
        guard->search(conversation, k, guard.data(), [done](Result<knowledge::SearchResult> found) {
            drafting::Retrieval r;
            if (!found)
                return done(r);
            r.confidence = found->confidence;
            for (const knowledge::SearchHit& h : found->hits)
                r.passages.append({ h.chunkId, h.documentId, h.title, h.text.isEmpty() ? h.snippet : h.text,
                    h.score, h.source });
            done(r);
        });
    };
}

DraftPipeline::GuidedGenerator drafterGenerator(drafting::Drafter* drafter)
{
    QPointer<drafting::Drafter> guard(drafter);
    return [guard](const chatwoot::ConversationHistory& history, qint64 messageId,
               const DraftPipeline::GenerateRequest& request, QObject* context,
               std::function<void(Result<review::DraftContent>)> done) {
        if (!guard)
            return done(makeError(ErrorKind::Unavailable, QStringLiteral("no drafter")));
        drafting::DraftRequest asked;
        asked.instruction = request.instruction;
        asked.fresh = request.regenerate;
        asked.variant = { learning::promptPolicy(request.variant.promptVersion), request.variant.model };
        guard->draft(
            toTurns(history.messages, messageId), context,
            [done](Result<drafting::DraftResult> r) {
                if (!r)
                    return done(r.error());
                using Status = drafting::DraftResult::Status;
                if (r->status == Status::Disabled || r->status == Status::NothingToAnswer
                    || r->reply.trimmed().isEmpty())
                    return done(makeError(ErrorKind::Cancelled,
                        r->statusMessage.isEmpty()
                            ? QCoreApplication::translate("Pipeline", "The drafter produced no reply.")
                            : r->statusMessage));
                done(toDraftContent(r.value()));
            },
            asked);
    };
}

} // namespace cx::pipeline
