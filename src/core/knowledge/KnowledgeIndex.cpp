// Xapian first: its headers use names Qt defines as macros (slots, signals).
#include <xapian.h>

#include "knowledge/KnowledgeIndex.h"

#include "foundation/Translate.h"

#include "foundation/LogCategories.h"
#include "knowledge/TextAnalyzer.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace cx::knowledge {

namespace {
constexpr Xapian::valueno kSlotDocKey = 0;
constexpr Xapian::valueno kSlotEntity = 1;
constexpr int kMaxWordLength = 64;
const char* const kSchema = "cx-kb-1";

QString tr(const char* text)
{
    return translateIn(
        { "cx::knowledge::KnowledgeIndex", "cx::knowledge::KnowledgeIndex::Impl", "cx::knowledge" }, text);
}

std::string utf8(const QString& s)
{
    return s.toStdString();
}
QString qstr(const std::string& s)
{
    return QString::fromStdString(s);
}

// A boolean term's value; long ones are hashed (Xapian terms are limited to 245 bytes).
std::string termKey(const QString& value)
{
    const QByteArray bytes = value.toUtf8();
    if (bytes.size() <= 180)
        return bytes.toStdString();
    return "#" + QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex().toStdString();
}

Error xapianError(const Xapian::Error& e, const QString& what)
{
    return makeError(ErrorKind::Database, tr("%1: %2 (%3)").arg(what, qstr(e.get_type()), qstr(e.get_msg())));
}

QString snippetFor(const QString& text, const QSet<QString>& queryWords, int maxChars = 240)
{
    if (text.size() <= maxChars)
        return text;
    // The sentence with the most query words, extended to maxChars.
    static const QRegularExpression sentenceEnd(QStringLiteral("(?<=[.!?])\\s+"));
    qsizetype bestStart = 0;
    int bestHits = -1;
    qsizetype pos = 0;
    for (const QString& sentence : text.split(sentenceEnd)) {
        const qsizetype start = text.indexOf(sentence, pos);
        pos = start < 0 ? pos : start + sentence.size();
        int hits = 0;
        for (const QString& w : TextAnalyzer::words(sentence))
            hits += queryWords.contains(w) ? 1 : 0;
        if (hits > bestHits && start >= 0) {
            bestHits = hits;
            bestStart = start;
        }
    }
    QString out = text.mid(bestStart, maxChars);
    if (bestStart + maxChars < text.size()) {
        const qsizetype space = out.lastIndexOf(QLatin1Char(' '));
        if (space > maxChars / 2)
            out.truncate(space);
        out += QChar(0x2026);
    }
    if (bestStart > 0)
        out.prepend(QChar(0x2026));
    return out;
}

QJsonObject chunkToJson(const KbChunk& c)
{
    return QJsonObject { { QStringLiteral("c"), c.chunkId }, { QStringLiteral("d"), c.documentId },
        { QStringLiteral("t"), c.title }, { QStringLiteral("h"), QJsonArray::fromStringList(c.headingPath) },
        { QStringLiteral("x"), c.text }, { QStringLiteral("s"), c.source }, { QStringLiteral("e"), c.entity },
        { QStringLiteral("g"), c.category } };
}

KbChunk chunkFromData(const std::string& data)
{
    const QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(data)).object();
    KbChunk c;
    c.chunkId = o.value(QStringLiteral("c")).toString();
    c.documentId = o.value(QStringLiteral("d")).toString();
    c.title = o.value(QStringLiteral("t")).toString();
    for (const QJsonValue& h : o.value(QStringLiteral("h")).toArray())
        c.headingPath.append(h.toString());
    c.text = o.value(QStringLiteral("x")).toString();
    c.source = o.value(QStringLiteral("s")).toString();
    c.entity = o.value(QStringLiteral("e")).toString();
    c.category = o.value(QStringLiteral("g")).toString();
    return c;
}
} // namespace

struct KnowledgeIndex::Impl {
    Options options;
    QString directory;
    QString notice;
    std::unique_ptr<Xapian::Database> db;
    Xapian::Stem stemmer;
    EntityVocabulary vocabulary;

    QString xapianPath() const { return directory + QStringLiteral("/xapian"); }

    std::string stem(const QString& word) const
    {
        return stemmer.is_none() ? utf8(word) : stemmer(utf8(word));
    }

    void addWords(Xapian::Document& doc, const QString& text, int wdf, const char* prefix = nullptr) const
    {
        for (const QString& w : TextAnalyzer::contentWords(text)) {
            if (w.size() > kMaxWordLength)
                continue;
            const std::string s = stem(w);
            doc.add_term(s, Xapian::termcount(wdf));
            if (prefix)
                doc.add_term(prefix + s, 1);
        }
    }

    Xapian::Document buildDocument(
        const KbChunk& c, const std::string& docKey, const std::string& rootKey) const
    {
        Xapian::Document doc;
        doc.set_data(QJsonDocument(chunkToJson(c)).toJson(QJsonDocument::Compact).toStdString());
        doc.add_value(kSlotDocKey, docKey);
        doc.add_boolean_term("Q" + termKey(c.chunkId));
        doc.add_boolean_term("XD" + docKey);
        doc.add_boolean_term("XR" + rootKey);
        const QString entityKey = TextAnalyzer::normalizedKey(c.entity);
        if (entityKey.isEmpty()) {
            doc.add_boolean_term("XG");
        } else {
            doc.add_boolean_term("XE" + termKey(entityKey));
            doc.add_value(kSlotEntity, termKey(entityKey));
        }
        if (!c.category.trimmed().isEmpty())
            doc.add_boolean_term("XC" + termKey(TextAnalyzer::normalizedKey(c.category)));
        addWords(doc, c.text, 1);
        addWords(doc, c.title, options.titleWeight, "S");
        addWords(doc, c.headingPath.join(QLatin1Char(' ')), options.headingWeight);
        addWords(doc, c.entity, options.entityWeight);
        return doc;
    }

    QString contentHash(const KbDocument& d) const
    {
        QCryptographicHash h(QCryptographicHash::Sha1);
        auto add = [&](const QString& s) {
            h.addData(s.toUtf8());
            h.addData(QByteArrayView("\x1f", 1));
        };
        add(QString::fromLatin1(kSchema));
        add(d.id);
        add(d.title);
        add(d.text);
        add(QString::number(int(d.format)));
        add(d.source);
        add(d.entity);
        add(d.category);
        add(QStringLiteral("%1/%2/%3/%4/%5/%6")
                .arg(options.chunking.maxChars)
                .arg(options.chunking.overlapChars)
                .arg(options.titleWeight)
                .arg(options.headingWeight)
                .arg(options.entityWeight)
                .arg(options.language));
        return QString::fromLatin1(h.result().toHex());
    }

    void reloadVocabulary()
    {
        QStringList names;
        for (auto it = db->allterms_begin("XE"); it != db->allterms_end("XE"); ++it) {
            const std::string term = *it;
            if (term.size() > 2 && term[2] != '#')
                names.append(qstr(term.substr(2)));
        }
        Xapian::Database* database = db.get();
        vocabulary = EntityVocabulary(
            names, options.entities, [this](const QString& w) { return qstr(stem(w)); },
            [database](const QString& stemmed) {
                try {
                    return int(database->get_termfreq(utf8(stemmed)));
                } catch (const Xapian::Error&) {
                    return 0;
                }
            });
    }

    Status openDatabase()
    {
        try {
            {
                Xapian::WritableDatabase create(utf8(xapianPath()), Xapian::DB_CREATE_OR_OPEN);
            }
            db = std::make_unique<Xapian::Database>(utf8(xapianPath()));
            reloadVocabulary();
            return Ok {};
        } catch (const Xapian::DatabaseLockError&) {
            // Another process is writing: read what is committed.
            try {
                db = std::make_unique<Xapian::Database>(utf8(xapianPath()));
                reloadVocabulary();
                return Ok {};
            } catch (const Xapian::Error& e) {
                return xapianError(e, tr("cannot open the knowledge index"));
            }
        } catch (const Xapian::Error& e) {
            return xapianError(e, tr("cannot open the knowledge index"));
        }
    }

    void reopen()
    {
        try {
            db->reopen();
        } catch (const Xapian::Error& e) {
            qCWarning(lcKnowledge) << "reopen failed:" << qstr(e.get_msg());
        }
        reloadVocabulary();
    }

    Result<SearchResult> search(const QList<Turn>& conversation, int k) const;
};

KnowledgeIndex::KnowledgeIndex(Options options)
    : d(std::make_unique<Impl>())
{
    d->options = std::move(options);
    if (d->options.language != QLatin1String("none")) {
        try {
            d->stemmer = Xapian::Stem(utf8(d->options.language));
        } catch (const Xapian::Error& e) {
            qCWarning(lcKnowledge) << "unknown stemmer language" << d->options.language << "- no stemming";
        }
    }
}

KnowledgeIndex::KnowledgeIndex()
    : KnowledgeIndex(Options {})
{
}

KnowledgeIndex::~KnowledgeIndex() = default;

Status KnowledgeIndex::open(const QString& directory)
{
    QMutexLocker lock(&m_mutex);
    d->db.reset();
    d->notice.clear();
    d->directory = QDir(directory).absolutePath();
    if (!QDir().mkpath(d->xapianPath()))
        return makeError(ErrorKind::Unavailable, tr("cannot create the index folder %1").arg(d->directory),
            QStringLiteral("index"));
    Status opened = d->openDatabase();
    if (opened)
        return opened;
    // Corrupt, truncated or from an incompatible version: start again (the sources are the truth).
    qCWarning(lcKnowledge) << "knowledge index unusable, recreating:" << opened.error().message;
    QDir(d->xapianPath()).removeRecursively();
    QDir().mkpath(d->xapianPath());
    Status again = d->openDatabase();
    if (!again)
        return again;
    d->notice = tr("The knowledge index was unreadable (%1) and has been recreated empty; sources need to be "
                   "ingested again.")
                    .arg(opened.error().message);
    return Ok {};
}

bool KnowledgeIndex::isOpen() const
{
    QMutexLocker lock(&m_mutex);
    return d->db != nullptr;
}

QString KnowledgeIndex::directory() const
{
    QMutexLocker lock(&m_mutex);
    return d->directory;
}

QString KnowledgeIndex::notice() const
{
    QMutexLocker lock(&m_mutex);
    return d->notice;
}

Result<IngestReport> KnowledgeIndex::ingest(const QString& root, const QList<KbDocument>& documents,
    const ProgressCallback& progress, bool removeMissing)
{
    QMutexLocker lock(&m_mutex);
    if (!d->db)
        return makeError(ErrorKind::Invalid, tr("the knowledge index is not open"));
    IngestReport report;
    const Chunker chunker(d->options.chunking);
    const std::string rootKey = termKey(root);
    try {
        Xapian::WritableDatabase w(utf8(d->xapianPath()), Xapian::DB_CREATE_OR_OPEN);
        QSet<std::string> seen;
        const int total = int(documents.size());
        for (int i = 0; i < total; ++i) {
            const KbDocument& doc = documents.at(i);
            if (progress && (i % 256 == 0))
                progress(i, total);
            const std::string docKey = termKey(doc.id);
            if (seen.contains(docKey))
                report.problems.append(tr("%1: duplicate document id, the last one wins").arg(doc.id));
            seen.insert(docKey);
            const std::string hash = utf8(d->contentHash(doc));
            const std::string old = w.get_metadata("H" + docKey);
            if (old == hash) {
                ++report.unchanged;
                continue;
            }
            const QList<KbChunk> chunks = chunker.chunk(doc);
            if (!old.empty())
                w.delete_document("XD" + docKey);
            if (chunks.isEmpty()) {
                report.problems.append(tr("%1: no text to index, skipped").arg(doc.id));
                w.set_metadata("H" + docKey, std::string());
                if (!old.empty())
                    ++report.deleted;
                continue;
            }
            for (const KbChunk& c : chunks)
                w.add_document(d->buildDocument(c, docKey, rootKey));
            report.chunks += int(chunks.size());
            w.set_metadata("H" + docKey, hash);
            ++(old.empty() ? report.added : report.updated);
        }
        if (removeMissing) {
            QSet<std::string> gone;
            for (auto it = w.postlist_begin("XR" + rootKey); it != w.postlist_end("XR" + rootKey); ++it) {
                const std::string key = w.get_document(*it).get_value(kSlotDocKey);
                if (!seen.contains(key))
                    gone.insert(key);
            }
            for (const std::string& key : gone) {
                w.delete_document("XD" + key);
                w.set_metadata("H" + key, std::string());
                ++report.deleted;
            }
        }
        w.set_metadata("schema", kSchema);
        w.commit();
        if (progress)
            progress(total, total);
    } catch (const Xapian::Error& e) {
        return xapianError(e, tr("ingesting %1 failed").arg(root));
    }
    d->reopen();
    return report;
}

Status KnowledgeIndex::removeRoot(const QString& root)
{
    Result<IngestReport> r = ingest(root, {}, {}, true);
    if (!r)
        return r.error();
    return Ok {};
}

int KnowledgeIndex::chunkCount() const
{
    QMutexLocker lock(&m_mutex);
    try {
        return d->db ? int(d->db->get_doccount()) : 0;
    } catch (const Xapian::Error&) {
        return 0;
    }
}

int KnowledgeIndex::documentCount() const
{
    QMutexLocker lock(&m_mutex);
    if (!d->db)
        return 0;
    try {
        int n = 0;
        for (auto it = d->db->allterms_begin("XD"); it != d->db->allterms_end("XD"); ++it)
            ++n;
        return n;
    } catch (const Xapian::Error&) {
        return 0;
    }
}

QStringList KnowledgeIndex::entityNames() const
{
    QMutexLocker lock(&m_mutex);
    QStringList names;
    if (!d->db)
        return names;
    try {
        for (auto it = d->db->allterms_begin("XE"); it != d->db->allterms_end("XE"); ++it)
            names.append(qstr((*it).substr(2)));
    } catch (const Xapian::Error&) {
    }
    return names;
}

Result<QList<KbChunk>> KnowledgeIndex::allChunks() const
{
    QMutexLocker lock(&m_mutex);
    if (!d->db)
        return makeError(ErrorKind::Invalid, tr("the knowledge index is not open"));
    QList<KbChunk> out;
    try {
        for (auto it = d->db->postlist_begin(""); it != d->db->postlist_end(""); ++it)
            out.append(chunkFromData(d->db->get_document(*it).get_data()));
    } catch (const Xapian::Error& e) {
        return xapianError(e, tr("reading the knowledge index failed"));
    }
    return out;
}

Result<QHash<QString, KbChunk>> KnowledgeIndex::chunksById(const QStringList& chunkIds) const
{
    QMutexLocker lock(&m_mutex);
    if (!d->db)
        return makeError(ErrorKind::Invalid, tr("the knowledge index is not open"));
    QHash<QString, KbChunk> out;
    try {
        for (const QString& id : chunkIds) {
            const std::string term = "Q" + termKey(id);
            auto it = d->db->postlist_begin(term);
            if (it != d->db->postlist_end(term))
                out.insert(id, chunkFromData(d->db->get_document(*it).get_data()));
        }
    } catch (const Xapian::Error& e) {
        return xapianError(e, tr("reading the knowledge index failed"));
    }
    return out;
}

QList<EntityVocabulary::Match> KnowledgeIndex::resolveEntities(const QList<Turn>& conversation) const
{
    QMutexLocker lock(&m_mutex);
    return d->vocabulary.resolve(conversation);
}

Result<SearchResult> KnowledgeIndex::searchText(const QString& text, int k) const
{
    return search({ Turn { QStringLiteral("customer"), text } }, k);
}

Result<SearchResult> KnowledgeIndex::search(const QList<Turn>& conversation, int k) const
{
    QMutexLocker lock(&m_mutex);
    if (!d->db)
        return makeError(ErrorKind::Invalid, tr("the knowledge index is not open"));
    for (int attempt = 0;; ++attempt) {
        try {
            return d->search(conversation, k);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt > 0)
                return makeError(ErrorKind::Database, tr("the knowledge index keeps changing; try again"));
            d->db->reopen();
        } catch (const Xapian::Error& e) {
            return xapianError(e, tr("search failed"));
        }
    }
}

Result<SearchResult> KnowledgeIndex::Impl::search(const QList<Turn>& conversation, int k) const
{
    k = qBound(1, k, 1000);
    // The latest customer message, and the turn before it as context.
    qsizetype anchor = -1;
    for (qsizetype i = conversation.size() - 1; i >= 0; --i) {
        if (conversation.at(i).role != QLatin1String("agent")
            && !conversation.at(i).text.trimmed().isEmpty()) {
            anchor = i;
            break;
        }
    }
    if (anchor < 0) {
        for (qsizetype i = conversation.size() - 1; i >= 0 && anchor < 0; --i) {
            if (!conversation.at(i).text.trimmed().isEmpty())
                anchor = i;
        }
    }
    if (anchor < 0)
        return makeError(
            ErrorKind::Invalid, tr("empty query: there is no text to search for"), QStringLiteral("query"));

    std::map<std::string, double> weights; // stemmed term -> query weight
    QSet<QString> queryWords;
    for (const QString& w : TextAnalyzer::contentWords(conversation.at(anchor).text)) {
        if (w.size() > kMaxWordLength)
            continue;
        weights[stem(w)] = 1.0;
        queryWords.insert(w);
    }
    if (anchor > 0 && options.contextWeight > 0.0) {
        for (const QString& w : TextAnalyzer::contentWords(conversation.at(anchor - 1).text)) {
            if (w.size() > kMaxWordLength)
                continue;
            auto [it, inserted] = weights.emplace(stem(w), options.contextWeight);
            Q_UNUSED(it);
            if (inserted)
                queryWords.insert(w);
        }
    }
    if (weights.empty())
        return makeError(ErrorKind::Invalid, tr("empty query: the message has no searchable words"),
            QStringLiteral("query"));

    const QList<EntityVocabulary::Match> resolved = vocabulary.resolve(conversation.mid(0, anchor + 1));
    QHash<std::string, double> entityScore;
    double topEntity = 0.0;
    for (const auto& m : resolved) {
        entityScore.insert(termKey(m.key), m.score);
        topEntity = qMax(topEntity, m.score);
    }

    std::vector<Xapian::Query> parts;
    for (const auto& [term, weight] : weights) {
        if (weight == 1.0)
            parts.emplace_back(term);
        else
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight);
    }
    const Xapian::Query textQuery(Xapian::Query::OP_OR, parts.begin(), parts.end());

    Xapian::Enquire enquire(*db);
    enquire.set_weighting_scheme(Xapian::BM25Weight(options.k1, 0, 1, options.b, 0.5));
    const Xapian::doccount n = Xapian::doccount(qMax(options.candidates, k * 3));

    struct Candidate {
        Xapian::docid id;
        double bm25;
        double score;
        std::string entity;
    };
    std::map<Xapian::docid, Candidate> candidates;
    auto collect = [&](const Xapian::MSet& mset) {
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            if (candidates.count(*it))
                continue;
            const Xapian::Document doc = it.get_document();
            const std::string entity = doc.get_value(kSlotEntity);
            double factor = 1.0;
            if (entity.empty())
                factor += options.entityBoost * 0.5 * topEntity;
            else
                factor += options.entityBoost * entityScore.value(entity, 0.0);
            candidates.emplace(*it, Candidate { *it, it.get_weight(), it.get_weight() * factor, entity });
        }
    };
    enquire.set_query(textQuery);
    collect(enquire.get_mset(0, n));
    if (!resolved.isEmpty()) {
        std::vector<Xapian::Query> filters;
        for (qsizetype i = 0; i < resolved.size() && i < 5; ++i)
            filters.emplace_back("XE" + termKey(resolved.at(i).key));
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, textQuery,
            Xapian::Query(Xapian::Query::OP_OR, filters.begin(), filters.end())));
        collect(enquire.get_mset(0, n));
    }

    std::vector<Candidate> ranked;
    ranked.reserve(candidates.size());
    for (const auto& [id, c] : candidates)
        ranked.push_back(c);
    std::sort(ranked.begin(), ranked.end(), [](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
    });

    SearchResult result;
    KbChunk topChunk;
    for (const auto& m : resolved)
        result.resolvedEntities.append(m.key);
    for (size_t i = 0; i < ranked.size() && int(i) < k; ++i) {
        const Xapian::Document doc = db->get_document(ranked[i].id);
        const KbChunk c = chunkFromData(doc.get_data());
        if (i == 0)
            topChunk = c;
        SearchHit hit;
        hit.chunkId = c.chunkId;
        hit.documentId = c.documentId;
        hit.title = c.title;
        hit.headingPath = c.headingPath;
        hit.text = c.text;
        hit.snippet = snippetFor(c.text, queryWords);
        hit.source = c.source;
        hit.entity = c.entity;
        hit.score = ranked[i].score;
        hit.lexicalScore = ranked[i].score;
        result.hits.append(hit);
    }

    // Confidence (formula in the header).
    if (!ranked.empty()) {
        // The top chunk's words, from its stored text (cheaper than reading its term list).
        const KbChunk& top = topChunk;
        std::set<std::string> topTerms;
        for (const QString& w :
            TextAnalyzer::contentWords(top.title + QLatin1Char(' ') + top.headingPath.join(QLatin1Char(' '))
                + QLatin1Char(' ') + top.text + QLatin1Char(' ') + top.entity))
            topTerms.insert(stem(w));
        const std::string topDoc = db->get_document(ranked[0].id).get_value(kSlotDocKey);
        const double total = double(qMax<Xapian::doccount>(1, db->get_doccount()));
        double all = 0.0;
        double matched = 0.0;
        for (const auto& [term, weight] : weights) {
            if (weight < 1.0)
                continue; // context-turn words: not what the customer asked
            const double idf
                = std::log(1.0 + total / double(qMax<Xapian::doccount>(1, db->get_termfreq(term))));
            all += weight * idf;
            if (topTerms.count(term))
                matched += weight * idf;
        }
        const double coverage = all > 0.0 ? matched / all : 0.0;
        double margin = 1.0;
        for (size_t i = 1; i < ranked.size(); ++i) {
            if (db->get_document(ranked[i].id).get_value(kSlotDocKey) != topDoc) {
                margin = ranked[0].score > 0.0 ? (ranked[0].score - ranked[i].score) / ranked[0].score : 0.0;
                break;
            }
        }
        double entity = 0.0;
        if (!ranked[0].entity.empty())
            entity = entityScore.value(ranked[0].entity, 0.0);
        else
            entity = resolved.isEmpty() ? 1.0 : 0.5 * topEntity;
        result.confidence = std::clamp(0.6 * coverage + 0.25 * margin + 0.15 * entity, 0.0, 1.0);
    }
    return result;
}

} // namespace cx::knowledge
