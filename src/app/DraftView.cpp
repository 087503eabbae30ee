#include "DraftView.h"

#include "review/DraftStore.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

DraftView draftViewFrom(const review::DraftRecord& r)
{
    const review::DraftContent& c = r.content;
    DraftView v;
    v.id = r.id;
    v.conversationId = r.conversationId;
    v.kind = r.kind;
    v.state = review::draftStateName(r.state);
    v.draftText = c.text;
    v.sources = parseDraftSources(c.sources);
    v.confidence = c.confidence.value_or(-1.0);
    v.toneFindings = parseFindings(c.tone, QStringLiteral("findings"));
    v.evidence = parseDraftEvidence(c.evidence);
    v.riskLevel = c.riskLevel;
    v.riskReasons = parseFindings(c.risk, QStringLiteral("reasons"));
    v.offline = c.offline;
    v.model = c.model;
    v.createdAt = r.createdAt;
    v.finalText = r.finalText;
    // The drafter keeps these in the timings object (the drafts table has no columns for them).
    v.summary = c.timings.value(QStringLiteral("summary")).toString();
    v.customerLanguage = c.timings.value(QStringLiteral("customer_language")).toString();
    v.instruction = c.timings.value(QStringLiteral("instruction")).toString();
    v.customerMessage = r.customerMessage;
    return v;
}

Result<DraftView> loadDraftView(storage::Database& db, const QString& draftId)
{
    auto record = review::DraftStore(db).get(draftId);
    if (!record)
        return record.error();
    return draftViewFrom(record.value());
}

} // namespace cx::gui
