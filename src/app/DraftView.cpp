#include "DraftView.h"

#include "storage/SqlError.h"
#include "storage/SqlTime.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariant>

namespace cx::gui {

namespace {

QString firstString(const QJsonObject& object, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        const QJsonValue v = object.value(QLatin1String(key));
        if (v.isString() && !v.toString().isEmpty())
            return v.toString();
        if (v.isDouble())
            return QString::number(v.toInteger());
    }
    return {};
}

QJsonArray asArray(const QJsonValue& value, const QString& listKey)
{
    if (value.isArray())
        return value.toArray();
    if (value.isObject()) {
        const QJsonValue inner = value.toObject().value(listKey);
        if (inner.isArray())
            return inner.toArray();
    }
    return {};
}

} // namespace

QJsonValue parseJsonColumn(const QVariant& value)
{
    if (value.isNull())
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(value.toString().toUtf8());
    if (doc.isArray())
        return doc.array();
    if (doc.isObject())
        return doc.object();
    return {};
}

QList<DraftSource> parseDraftSources(const QJsonValue& value)
{
    QList<DraftSource> out;
    for (const QJsonValue& item : asArray(value, QStringLiteral("sources"))) {
        if (item.isString()) {
            out.append(DraftSource { item.toString(), item.toString(), {}, {} });
            continue;
        }
        const QJsonObject o = item.toObject();
        DraftSource s;
        s.id = firstString(o, { "id", "source_id", "chunk_id", "doc_id" });
        s.title = firstString(o, { "title", "heading", "name" });
        s.snippet = firstString(o, { "snippet", "text", "passage", "content" });
        s.source = firstString(o, { "source", "url", "path", "document" });
        if (s.title.isEmpty())
            s.title = s.source.isEmpty() ? s.id : s.source;
        out.append(s);
    }
    return out;
}

QList<DraftEvidence> parseDraftEvidence(const QJsonValue& value)
{
    QList<DraftEvidence> out;
    for (const QJsonValue& item : asArray(value, QStringLiteral("evidence"))) {
        if (item.isString()) {
            out.append(DraftEvidence { item.toString(), {} });
            continue;
        }
        const QJsonObject o = item.toObject();
        DraftEvidence e;
        e.text = firstString(o, { "claim", "text", "quote", "sentence" });
        e.sourceId = firstString(o, { "source_id", "source", "id", "chunk_id" });
        // The drafter stores {claim, passages: [ids]}: the first passage is the claim's source.
        for (const char* key : { "passages", "passage_ids" }) {
            const QJsonArray ids = o.value(QLatin1String(key)).toArray();
            if (e.sourceId.isEmpty() && !ids.isEmpty())
                e.sourceId = ids.first().toString();
        }
        if (!e.text.isEmpty())
            out.append(e);
    }
    return out;
}

QStringList parseFindings(const QJsonValue& value, const QString& listKey)
{
    QStringList out;
    for (const QJsonValue& item : asArray(value, listKey)) {
        if (item.isString()) {
            out.append(item.toString());
            continue;
        }
        const QString text
            = firstString(item.toObject(), { "message", "text", "reason", "finding", "detail" });
        if (!text.isEmpty())
            out.append(text);
    }
    return out;
}

Result<DraftView> loadDraftView(QSqlDatabase& db, const QString& draftId)
{
    QSqlQuery q(db);
    q.prepare(
        QStringLiteral("SELECT id, conversation_id, kind, state, draft_text, sources, confidence, tone, "
                       "evidence, risk_level, risk, offline, model, created_at, final_text, timings FROM "
                       "drafts WHERE id = ?"));
    q.addBindValue(draftId);
    if (!q.exec())
        return storage::toError(q, QStringLiteral("load draft"));
    if (!q.next())
        return makeError(ErrorKind::NotFound,
            QCoreApplication::translate("DraftView", "Draft %1 does not exist.").arg(draftId));
    DraftView v;
    v.id = q.value(0).toString();
    v.conversationId = q.value(1).toLongLong();
    v.kind = q.value(2).toString();
    v.state = q.value(3).toString();
    v.draftText = q.value(4).toString();
    v.sources = parseDraftSources(parseJsonColumn(q.value(5)));
    v.confidence = q.value(6).isNull() ? -1.0 : q.value(6).toDouble();
    v.toneFindings = parseFindings(parseJsonColumn(q.value(7)), QStringLiteral("findings"));
    v.evidence = parseDraftEvidence(parseJsonColumn(q.value(8)));
    v.riskLevel = q.value(9).toString();
    v.riskReasons = parseFindings(parseJsonColumn(q.value(10)), QStringLiteral("reasons"));
    v.offline = q.value(11).toInt() != 0 || q.value(11).toBool();
    v.model = q.value(12).toString();
    v.createdAt = storage::fromSqlTime(q.value(13));
    v.finalText = q.value(14).toString();
    const QJsonObject timings = parseJsonColumn(q.value(15)).toObject();
    v.summary = timings.value(QStringLiteral("summary")).toString();
    v.customerLanguage = timings.value(QStringLiteral("customer_language")).toString();
    v.instruction = timings.value(QStringLiteral("instruction")).toString();
    v.customerMessage = q.value(16).toString();
    return v;
}

} // namespace cx::gui
