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
#include <mutex>
#include <set>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

namespace cx::knowledge {

namespace {
constexpr Xapian::valueno kSlotDocKey = 0;
constexpr Xapian::valueno kSlotEntity = 1;
constexpr int kMaxWordLength = 64;
const char* const kSchema = "cx-kb-2"; // 2: binary chunk data (see encodeChunk)

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

// Stored chunk data, format 2: a 0x02 byte, then 7 fields (chunk id, document id, title, text, source,
// entity, category) and the heading path, each a UTF-8 string prefixed by its byte length (4 bytes, little
// endian); the heading path is a count followed by that many strings. About 4x faster to decode than the JSON
// of format 1, which is still read (an index written before is searchable until it is re-ingested).
void appendField(std::string& out, const QString& value)
{
    const QByteArray bytes = value.toUtf8();
    const auto n = quint32(bytes.size());
    const char size[4] = { char(n & 0xff), char((n >> 8) & 0xff), char((n >> 16) & 0xff), char(n >> 24) };
    out.append(size, 4);
    out.append(bytes.constData(), size_t(bytes.size()));
}

std::string encodeChunk(const KbChunk& c)
{
    std::string out(1, '\x02');
    out.reserve(size_t(c.text.size()) + 128);
    for (const QString* field :
        { &c.chunkId, &c.documentId, &c.title, &c.text, &c.source, &c.entity, &c.category })
        appendField(out, *field);
    const auto count = quint32(c.headingPath.size());
    const char n[4]
        = { char(count & 0xff), char((count >> 8) & 0xff), char((count >> 16) & 0xff), char(count >> 24) };
    out.append(n, 4);
    for (const QString& h : c.headingPath)
        appendField(out, h);
    return out;
}

KbChunk chunkFromJson(const std::string& data)
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

KbChunk chunkFromData(const std::string& data)
{
    if (data.empty() || data[0] != '\x02')
        return chunkFromJson(data);
    size_t pos = 1;
    bool ok = true;
    auto readCount = [&]() -> quint32 {
        if (pos + 4 > data.size()) {
            ok = false;
            return 0;
        }
        const auto* b = reinterpret_cast<const unsigned char*>(data.data() + pos);
        pos += 4;
        return quint32(b[0]) | (quint32(b[1]) << 8) | (quint32(b[2]) << 16) | (quint32(b[3]) << 24);
    };
    auto readField = [&]() -> QString {
        const quint32 n = readCount();
        if (!ok || pos + n > data.size()) {
            ok = false;
            return {};
        }
        const QString value = QString::fromUtf8(data.data() + pos, qsizetype(n));
        pos += n;
        return value;
    };
    KbChunk c;
    for (QString* field : { &c.chunkId, &c.documentId, &c.title, &c.text, &c.source, &c.entity, &c.category })
        *field = readField();
    const quint32 headings = readCount();
    for (quint32 i = 0; ok && i < headings; ++i)
        c.headingPath.append(readField());
    if (!ok)
        qCWarning(lcKnowledge) << "a stored chunk is truncated:" << c.chunkId;
    return c;
}
} // namespace

// One thread's view of the index: Xapian::Database and Xapian::Stem objects must not be shared between
// threads (separate handles on the same files may), and the entity vocabulary calls back into both. Besides
// the handle: docid -> entity / document tables read once from the value streams (a per-candidate
// Document::get_value is a B-tree lookup each), and caches of stems and term frequencies.
struct KnowledgeIndex::Searcher {
    Xapian::Database db;
    Xapian::Stem stemmer;
    EntityVocabulary vocabulary;
    std::vector<qint32> entityOf; // docid -> index into entityKeys, -1: about no entity
    std::vector<qint32> documentOf; // docid -> document ordinal (chunks of one document share it)
    std::vector<std::string> entityKeys; // termKey of the normalized entity name
    std::unordered_map<std::string, qint32> entityIndex; // termKey -> index into entityKeys
    QHash<QString, std::string> stems; // cache; bounded, per searcher so unguarded
    QHash<QString, int> frequencies; // cache for the vocabulary's fuzzy-match guard

    Searcher(const std::string& path, const QString& language, const EntityVocabulary::Options& entityOptions)
        : db(path)
    {
        if (language != QLatin1String("none")) {
            try {
                stemmer = Xapian::Stem(utf8(language));
            } catch (const Xapian::Error&) {
                // the constructor of KnowledgeIndex already warned
            }
        }
        load(entityOptions);
    }
    Q_DISABLE_COPY_MOVE(Searcher) // the vocabulary's callbacks hold `this`

    const std::string& stem(const QString& word)
    {
        auto it = stems.constFind(word);
        if (it != stems.constEnd())
            return it.value();
        if (stems.size() > 50000)
            stems.clear();
        return stems.insert(word, stemmer.is_none() ? utf8(word) : stemmer(utf8(word))).value();
    }

    void load(const EntityVocabulary::Options& entityOptions)
    {
        stems.clear();
        frequencies.clear();
        entityKeys.clear();
        entityIndex.clear();
        const size_t tableSize = size_t(db.get_lastdocid()) + 1;
        entityOf.assign(tableSize, -1);
        documentOf.assign(tableSize, -1);
        for (auto it = db.valuestream_begin(kSlotEntity); it != db.valuestream_end(kSlotEntity); ++it) {
            const std::string key = *it;
            auto [at, inserted] = entityIndex.emplace(key, qint32(entityKeys.size()));
            if (inserted)
                entityKeys.push_back(key);
            if (it.get_docid() < tableSize)
                entityOf[it.get_docid()] = at->second;
        }
        std::unordered_map<std::string, qint32> documents;
        for (auto it = db.valuestream_begin(kSlotDocKey); it != db.valuestream_end(kSlotDocKey); ++it) {
            auto at = documents.emplace(*it, qint32(documents.size())).first;
            if (it.get_docid() < tableSize)
                documentOf[it.get_docid()] = at->second;
        }
        QStringList names;
        for (auto it = db.allterms_begin("XE"); it != db.allterms_end("XE"); ++it) {
            const std::string term = *it;
            if (term.size() > 2 && term[2] != '#')
                names.append(qstr(term.substr(2)));
        }
        vocabulary = EntityVocabulary(
            names, entityOptions, [this](const QString& w) { return qstr(stem(w)); },
            [this](const QString& stemmed) {
                auto it = frequencies.constFind(stemmed);
                if (it != frequencies.constEnd())
                    return it.value();
                int n = 0;
                try {
                    n = int(db.get_termfreq(utf8(stemmed)));
                } catch (const Xapian::Error&) {
                    return 0;
                }
                if (frequencies.size() > 50000)
                    frequencies.clear();
                frequencies.insert(stemmed, n);
                return n;
            });
    }

    void reopen(const EntityVocabulary::Options& entityOptions)
    {
        db.reopen();
        load(entityOptions);
    }

    qint32 entityAt(Xapian::docid id) const { return id < entityOf.size() ? entityOf[id] : -1; }
    qint32 documentAt(Xapian::docid id) const { return id < documentOf.size() ? documentOf[id] : -1; }
};

// The searchers of one opened revision. Idle ones wait in `idle`; the mutex guards only the vector.
struct KnowledgeIndex::Pool {
    std::string path;
    QString language;
    EntityVocabulary::Options entityOptions;
    std::mutex mutex;
    std::vector<std::unique_ptr<Searcher>> idle;

    std::unique_ptr<Searcher> take()
    {
        {
            std::lock_guard lock(mutex);
            if (!idle.empty()) {
                std::unique_ptr<Searcher> s = std::move(idle.back());
                idle.pop_back();
                return s;
            }
        }
        return std::make_unique<Searcher>(path, language, entityOptions); // outside the lock
    }
    void giveBack(std::unique_ptr<Searcher> s)
    {
        std::lock_guard lock(mutex);
        idle.push_back(std::move(s));
    }
};

namespace {
// A searcher borrowed from a pool for one call, given back when it goes out of scope.
class Lease final {
public:
    Lease(std::shared_ptr<KnowledgeIndex::Pool> pool)
        : m_pool(std::move(pool))
        , m_searcher(m_pool->take())
    {
    }
    ~Lease()
    {
        if (m_searcher)
            m_pool->giveBack(std::move(m_searcher));
    }
    Q_DISABLE_COPY_MOVE(Lease)
    KnowledgeIndex::Searcher* operator->() const { return m_searcher.get(); }
    KnowledgeIndex::Searcher& operator*() const { return *m_searcher; }
    // After an error the handle may be in any state: do not give it back.
    void discard() { m_searcher.reset(); }

private:
    std::shared_ptr<KnowledgeIndex::Pool> m_pool;
    std::unique_ptr<KnowledgeIndex::Searcher> m_searcher;
};
} // namespace

struct KnowledgeIndex::Impl {
    Options options;
    Xapian::Stem stemmer; // indexing only (under the write mutex)

    mutable std::shared_mutex state; // guards the three below; held only to read or swap them
    QString directory;
    QString notice;
    std::shared_ptr<Pool> pool; // null: not open

    QString xapianPath() const { return directory + QStringLiteral("/xapian"); }

    std::shared_ptr<Pool> currentPool() const
    {
        std::shared_lock lock(state);
        return pool;
    }

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
        doc.set_data(encodeChunk(c));
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

    // A new pool for what is committed now, with one searcher made at once (so that an unreadable index
    // fails here, and the first search does not pay for it).
    Result<std::shared_ptr<Pool>> makePool(const QString& dir) const
    {
        auto next = std::make_shared<Pool>();
        next->path = utf8(dir + QStringLiteral("/xapian"));
        next->language = options.language;
        next->entityOptions = options.entities;
        try {
            next->idle.push_back(std::make_unique<Searcher>(next->path, next->language, next->entityOptions));
        } catch (const Xapian::Error& e) {
            return xapianError(e, tr("cannot open the knowledge index"));
        }
        return next;
    }

    Result<std::shared_ptr<Pool>> openDatabase(const QString& dir) const
    {
        try {
            Xapian::WritableDatabase create(utf8(dir + QStringLiteral("/xapian")), Xapian::DB_CREATE_OR_OPEN);
        } catch (const Xapian::DatabaseLockError&) {
            // Another process is writing: read what is committed.
        } catch (const Xapian::Error& e) {
            return xapianError(e, tr("cannot open the knowledge index"));
        }
        return makePool(dir);
    }

    void publish(std::shared_ptr<Pool> next)
    {
        std::unique_lock lock(state);
        pool = std::move(next);
    }

    static Result<SearchResult> search(
        Searcher& s, const Options& options, const QList<Turn>& conversation, int k);
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
    QMutexLocker writer(&m_writeMutex);
    const QString dir = QDir(directory).absolutePath();
    {
        std::unique_lock lock(d->state);
        d->pool.reset();
        d->notice.clear();
        d->directory = dir;
    }
    const QString xapianPath = dir + QStringLiteral("/xapian");
    if (!QDir().mkpath(xapianPath))
        return makeError(ErrorKind::Unavailable, tr("cannot create the index folder %1").arg(dir),
            QStringLiteral("index"));
    Result<std::shared_ptr<Pool>> opened = d->openDatabase(dir);
    if (opened) {
        d->publish(std::move(opened.value()));
        return Ok {};
    }
    // Corrupt, truncated or from an incompatible version: start again (the sources are the truth).
    qCWarning(lcKnowledge) << "knowledge index unusable, recreating:" << opened.error().message;
    QDir(xapianPath).removeRecursively();
    QDir().mkpath(xapianPath);
    Result<std::shared_ptr<Pool>> again = d->openDatabase(dir);
    if (!again)
        return again.error();
    std::unique_lock lock(d->state);
    d->pool = std::move(again.value());
    d->notice = tr("The knowledge index was unreadable (%1) and has been recreated empty; sources need to be "
                   "ingested again.")
                    .arg(opened.error().message);
    return Ok {};
}

bool KnowledgeIndex::isOpen() const
{
    return d->currentPool() != nullptr;
}

QString KnowledgeIndex::directory() const
{
    std::shared_lock lock(d->state);
    return d->directory;
}

QString KnowledgeIndex::notice() const
{
    std::shared_lock lock(d->state);
    return d->notice;
}

Result<IngestReport> KnowledgeIndex::ingest(const QString& root, const QList<KbDocument>& documents,
    const ProgressCallback& progress, bool removeMissing)
{
    QMutexLocker writer(&m_writeMutex);
    if (!d->currentPool())
        return makeError(ErrorKind::Invalid, tr("the knowledge index is not open"));
    const QString dir = directory();
    IngestReport report;
    const Chunker chunker(d->options.chunking);
    const std::string rootKey = termKey(root);
    try {
        Xapian::WritableDatabase w(utf8(dir + QStringLiteral("/xapian")), Xapian::DB_CREATE_OR_OPEN);
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
    // Searches from now on see the new revision; those running finish on the old pool.
    Result<std::shared_ptr<Pool>> next = d->makePool(dir);
    if (!next)
        qCWarning(lcKnowledge) << "reopen failed:" << next.error().message;
    else
        d->publish(std::move(next.value()));
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
    std::shared_ptr<Pool> pool = d->currentPool();
    if (!pool)
        return 0;
    try {
        Lease s(pool);
        return int(s->db.get_doccount());
    } catch (const Xapian::Error&) {
        return 0;
    }
}

int KnowledgeIndex::documentCount() const
{
    std::shared_ptr<Pool> pool = d->currentPool();
    if (!pool)
        return 0;
    try {
        Lease s(pool);
        int n = 0;
        for (auto it = s->db.allterms_begin("XD"); it != s->db.allterms_end("XD"); ++it)
            ++n;
        return n;
    } catch (const Xapian::Error&) {
        return 0;
    }
}

QStringList KnowledgeIndex::entityNames() const
{
    QStringList names;
    std::shared_ptr<Pool> pool = d->currentPool();
    if (!pool)
        return names;
    try {
        Lease s(pool);
        for (auto it = s->db.allterms_begin("XE"); it != s->db.allterms_end("XE"); ++it)
            names.append(qstr((*it).substr(2)));
    } catch (const Xapian::Error&) {
    }
    return names;
}

Result<QList<KbChunk>> KnowledgeIndex::allChunks() const
{
    std::shared_ptr<Pool> pool = d->currentPool();
    if (!pool)
        return makeError(ErrorKind::Invalid, tr("the knowledge index is not open"));
    QList<KbChunk> out;
    try {
        Lease s(pool);
        for (auto it = s->db.postlist_begin(""); it != s->db.postlist_end(""); ++it)
            out.append(chunkFromData(s->db.get_document(*it).get_data()));
    } catch (const Xapian::Error& e) {
        return xapianError(e, tr("reading the knowledge index failed"));
    }
    return out;
}

Result<QHash<QString, KbChunk>> KnowledgeIndex::chunksById(const QStringList& chunkIds) const
{
    std::shared_ptr<Pool> pool = d->currentPool();
    if (!pool)
        return makeError(ErrorKind::Invalid, tr("the knowledge index is not open"));
    QHash<QString, KbChunk> out;
    try {
        Lease s(pool);
        for (const QString& id : chunkIds) {
            const std::string term = "Q" + termKey(id);
            auto it = s->db.postlist_begin(term);
            if (it != s->db.postlist_end(term))
                out.insert(id, chunkFromData(s->db.get_document(*it).get_data()));
        }
    } catch (const Xapian::Error& e) {
        return xapianError(e, tr("reading the knowledge index failed"));
    }
    return out;
}

QList<EntityVocabulary::Match> KnowledgeIndex::resolveEntities(const QList<Turn>& conversation) const
{
    std::shared_ptr<Pool> pool = d->currentPool();
    if (!pool)
        return {};
    try {
        Lease s(pool);
        return s->vocabulary.resolve(conversation);
    } catch (const Xapian::Error&) {
        return {};
    }
}

Result<SearchResult> KnowledgeIndex::searchText(const QString& text, int k) const
{
    return search({ Turn { QStringLiteral("customer"), text } }, k);
}

Result<SearchResult> KnowledgeIndex::search(const QList<Turn>& conversation, int k) const
{
    std::shared_ptr<Pool> pool = d->currentPool();
    if (!pool)
        return makeError(ErrorKind::Invalid, tr("the knowledge index is not open"));
    try {
        Lease s(pool);
        for (int attempt = 0;; ++attempt) {
            try {
                return Impl::search(*s, d->options, conversation, k);
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt > 0) {
                    s.discard();
                    return makeError(
                        ErrorKind::Database, tr("the knowledge index keeps changing; try again"));
                }
                s->reopen(pool->entityOptions);
            } catch (const Xapian::Error& e) {
                s.discard();
                return xapianError(e, tr("search failed"));
            }
        }
    } catch (const Xapian::Error& e) { // opening a new handle for the pool
        return xapianError(e, tr("search failed"));
    }
}

Result<SearchResult> KnowledgeIndex::Impl::search(
    Searcher& s, const Options& options, const QList<Turn>& conversation, int k)
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
        weights[s.stem(w)] = 1.0;
        queryWords.insert(w);
    }
    if (anchor > 0 && options.contextWeight > 0.0) {
        for (const QString& w : TextAnalyzer::contentWords(conversation.at(anchor - 1).text)) {
            if (w.size() > kMaxWordLength)
                continue;
            auto [it, inserted] = weights.emplace(s.stem(w), options.contextWeight);
            Q_UNUSED(it);
            if (inserted)
                queryWords.insert(w);
        }
    }
    if (weights.empty())
        return makeError(ErrorKind::Invalid, tr("empty query: the message has no searchable words"),
            QStringLiteral("query"));

    const QList<EntityVocabulary::Match> resolved = s.vocabulary.resolve(conversation.mid(0, anchor + 1));
    // Resolution score by entity table index (entities the index does not hold are left out).
    std::vector<double> entityScore(s.entityKeys.size(), 0.0);
    double topEntity = 0.0;
    for (const auto& m : resolved) {
        auto it = s.entityIndex.find(termKey(m.key));
        if (it != s.entityIndex.end())
            entityScore[size_t(it->second)] = qMax(entityScore[size_t(it->second)], m.score);
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

    Xapian::Enquire enquire(s.db);
    enquire.set_weighting_scheme(Xapian::BM25Weight(options.k1, 0, 1, options.b, 0.5));
    const Xapian::doccount n = Xapian::doccount(qMax(options.candidates, k * 3));

    struct Candidate {
        Xapian::docid id;
        double bm25;
        double score;
        qint32 entity; // index into s.entityKeys, -1: about no entity
    };
    std::vector<Candidate> candidates;
    candidates.reserve(size_t(n) * 2);
    auto collect = [&](const Xapian::MSet& mset) {
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::docid id = *it;
            if (std::any_of(
                    candidates.begin(), candidates.end(), [id](const Candidate& c) { return c.id == id; }))
                continue;
            const qint32 entity = s.entityAt(id);
            double factor = 1.0;
            if (entity < 0)
                factor += options.entityBoost * 0.5 * topEntity;
            else
                factor += options.entityBoost * entityScore[size_t(entity)];
            candidates.push_back(Candidate { id, it.get_weight(), it.get_weight() * factor, entity });
        }
    };
    auto byScore = [](const Candidate& a, const Candidate& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
    };
    enquire.set_query(textQuery);
    const Xapian::MSet unfiltered = enquire.get_mset(0, n);
    collect(unfiltered);
    std::sort(candidates.begin(), candidates.end(), byScore);
    if (!resolved.isEmpty()) {
        // The entity-filtered pass can only matter through chunks that outscore the threshold T: the k-th
        // candidate's score, or, if lower, the score of the best chunk of another document than the top one
        // (the confidence's margin). A chunk it would add is not among the unfiltered top n, so its BM25 is
        // at most the n-th weight W, and its score at most W x fmax (fmax: the factor of the best filtered
        // entity). If that stays under T the pass is skipped; otherwise only chunks with BM25 >= T / fmax are
        // asked for (Xapian prunes the rest). Either way the hits and the confidence are exactly those of the
        // full pass.
        std::vector<Xapian::Query> filters;
        double bestFiltered = 0.0;
        for (qsizetype i = 0; i < resolved.size() && i < 5; ++i) {
            filters.emplace_back("XE" + termKey(resolved.at(i).key));
            bestFiltered = qMax(bestFiltered, resolved.at(i).score);
        }
        const double fmax = 1.0 + options.entityBoost * bestFiltered;
        double threshold = 0.0; // 0: needed in full
        if (unfiltered.size() < n) {
            threshold = -1.0; // every matching chunk is a candidate already
        } else if (candidates.size() >= size_t(k)) {
            const qint32 topDoc = s.documentAt(candidates.front().id);
            for (size_t i = 1; i < candidates.size(); ++i) {
                if (s.documentAt(candidates[i].id) != topDoc) {
                    threshold = qMin(candidates[size_t(k) - 1].score, candidates[i].score);
                    break;
                }
            }
        }
        const double lastWeight = unfiltered.empty() ? 0.0 : (--unfiltered.end()).get_weight();
        if (threshold >= 0.0 && !(threshold > 0.0 && lastWeight * fmax < threshold)) {
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, textQuery,
                Xapian::Query(Xapian::Query::OP_OR, filters.begin(), filters.end())));
            if (threshold > 0.0)
                enquire.set_cutoff(0, threshold / fmax * (1.0 - 1e-9));
            collect(enquire.get_mset(0, n));
            std::sort(candidates.begin(), candidates.end(), byScore);
        }
    }
    const std::vector<Candidate>& ranked = candidates;

    SearchResult result;
    KbChunk topChunk;
    for (const auto& m : resolved)
        result.resolvedEntities.append(m.key);
    for (size_t i = 0; i < ranked.size() && int(i) < k; ++i) {
        const KbChunk c = chunkFromData(s.db.get_document(ranked[i].id).get_data());
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
            topTerms.insert(s.stem(w));
        const qint32 topDoc = s.documentAt(ranked[0].id);
        // Collection statistics of the query's terms come with the unfiltered match (no B-tree lookups).
        const double total = double(qMax<Xapian::doccount>(1, s.db.get_doccount()));
        double all = 0.0;
        double matched = 0.0;
        for (const auto& [term, weight] : weights) {
            if (weight < 1.0)
                continue; // context-turn words: not what the customer asked
            const double idf
                = std::log(1.0 + total / double(qMax<Xapian::doccount>(1, unfiltered.get_termfreq(term))));
            all += weight * idf;
            if (topTerms.count(term))
                matched += weight * idf;
        }
        const double coverage = all > 0.0 ? matched / all : 0.0;
        double margin = 1.0;
        for (size_t i = 1; i < ranked.size(); ++i) {
            if (s.documentAt(ranked[i].id) != topDoc) {
                margin = ranked[0].score > 0.0 ? (ranked[0].score - ranked[i].score) / ranked[0].score : 0.0;
                break;
            }
        }
        double entity = 0.0;
        if (ranked[0].entity >= 0)
            entity = entityScore[size_t(ranked[0].entity)];
        else
            entity = resolved.isEmpty() ? 1.0 : 0.5 * topEntity;
        result.confidence = std::clamp(0.6 * coverage + 0.25 * margin + 0.15 * entity, 0.0, 1.0);
    }
    return result;
}

} // namespace cx::knowledge
