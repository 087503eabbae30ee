#include "knowledge/KnowledgeBase.h"

#include "foundation/LogCategories.h"
#include "knowledge/DocumentLoader.h"
#include "knowledge/RankFusion.h"
#include "knowledge/TextAnalyzer.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPromise>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

#include <optional>

namespace cx::knowledge {

namespace {
constexpr int kEmbedBatch = 64;
constexpr QChar kKeySeparator(0x1f);

template <typename T>
void watch(QObject* context, QFuture<Result<T>> future, std::function<void(Result<T>)> done,
    ProgressCallback progress = {})
{
    auto* watcher = new QFutureWatcher<Result<T>>(context);
    if (progress) {
        QObject::connect(watcher, &QFutureWatcherBase::progressValueChanged, watcher,
            [watcher, progress](int value) { progress(value, watcher->progressMaximum()); });
    }
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [watcher, done]() {
        watcher->deleteLater();
        done(watcher->future().result());
    });
    watcher->setFuture(future);
}

// Thrown from the progress callback of a staged ingest to leave KnowledgeIndex::ingest early; only ever
// through the staging copy, which is thrown away.
struct IngestCancelled { };

Error cancelledError()
{
    return makeError(ErrorKind::Cancelled,
        QCoreApplication::translate(
            "cx::knowledge::KnowledgeBase", "Ingest cancelled; the knowledge base is unchanged."));
}

// The Xapian folder is flat (glass: a handful of table files); copies its files.
bool copyFlatFolder(const QString& from, const QString& to)
{
    if (!QDir().mkpath(to))
        return false;
    const QDir source(from);
    for (const QString& name : source.entryList(QDir::Files | QDir::NoDotAndDotDot)) {
        if (name == QLatin1String("flintlock"))
            continue; // the writer's lock file, recreated on open
        if (!QFile::copy(source.filePath(name), QDir(to).filePath(name)))
            return false;
    }
    return true;
}

QString latestCustomerText(const QList<Turn>& conversation)
{
    for (qsizetype i = conversation.size() - 1; i >= 0; --i) {
        if (conversation.at(i).role != QLatin1String("agent") && !conversation.at(i).text.trimmed().isEmpty())
            return conversation.at(i).text;
    }
    return conversation.isEmpty() ? QString() : conversation.last().text;
}
} // namespace

KnowledgeBase::KnowledgeBase(QObject* parent)
    : KnowledgeBase(KnowledgeIndex::Options {}, parent)
{
}

KnowledgeBase::KnowledgeBase(const KnowledgeIndex::Options& options, QObject* parent)
    : QObject(parent)
    , m_options(options)
    , m_index(std::make_unique<KnowledgeIndex>(options))
{
    m_pool.setMaxThreadCount(2);
}

KnowledgeBase::~KnowledgeBase()
{
    m_pool.waitForDone();
}

QString KnowledgeBase::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/kb");
}

Status KnowledgeBase::open(const QString& directory)
{
    m_directory = QDir(directory).absolutePath();
    Status opened = m_index->open(m_directory);
    if (!opened)
        return opened;
    m_notice = m_index->notice();
    m_sources.clear();
    QFile f(m_directory + QStringLiteral("/sources.json"));
    if (f.open(QIODevice::ReadOnly)) {
        for (const QJsonValue& v : QJsonDocument::fromJson(f.readAll()).array())
            m_sources.append(v.toString());
    }
    m_sourceInfo.clear();
    QFile ingests(m_directory + QStringLiteral("/ingests.json"));
    if (ingests.open(QIODevice::ReadOnly)) {
        const QJsonObject all = QJsonDocument::fromJson(ingests.readAll()).object();
        for (auto it = all.begin(); it != all.end(); ++it) {
            const QJsonObject o = it.value().toObject();
            m_sourceInfo.insert(it.key(),
                SourceInfo { it.key(),
                    QDateTime::fromString(o.value(QStringLiteral("at")).toString(), Qt::ISODate),
                    o.value(QStringLiteral("documents")).toInt(-1) });
        }
    }
    m_needsRebuild = !m_notice.isEmpty() && !m_sources.isEmpty();
    setEmbeddingProvider(m_provider);
    return Ok {};
}

void KnowledgeBase::setEmbeddingProvider(EmbeddingProvider* provider)
{
    m_provider = provider;
    m_vectors.reset(provider ? provider->modelId() : QString());
    if (!provider || m_directory.isEmpty())
        return;
    const QString path = m_directory + QStringLiteral("/vectors.bin");
    Status loaded = m_vectors.load(path, provider->modelId());
    if (!loaded) {
        qCWarning(lcKnowledge) << "embedding store unusable, starting over:" << loaded.error().message;
        QFile::remove(path);
        m_vectors.reset(provider->modelId());
        m_notice += (m_notice.isEmpty() ? QString() : QStringLiteral(" "))
            + tr("The stored embeddings were unreadable and will be computed again.");
    }
}

QList<KnowledgeBase::SourceInfo> KnowledgeBase::sourceInfos() const
{
    QList<SourceInfo> infos;
    for (const QString& root : m_sources)
        infos.append(m_sourceInfo.value(root, SourceInfo { root, {}, -1 }));
    return infos;
}

void KnowledgeBase::recordSource(const QString& root, int documents)
{
    m_sourceInfo.insert(root, SourceInfo { root, QDateTime::currentDateTimeUtc(), documents });
    if (!m_sources.contains(root))
        m_sources.append(root);
    saveSources();
}

void KnowledgeBase::saveSources() const
{
    if (m_directory.isEmpty())
        return;
    QSaveFile f(m_directory + QStringLiteral("/sources.json"));
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QJsonDocument(QJsonArray::fromStringList(m_sources)).toJson());
        f.commit();
    }
    QJsonObject all;
    for (const SourceInfo& info : m_sourceInfo) {
        all.insert(info.root,
            QJsonObject { { QStringLiteral("at"), info.lastIngest.toString(Qt::ISODateWithMs) },
                { QStringLiteral("documents"), info.documents } });
    }
    QSaveFile ingests(m_directory + QStringLiteral("/ingests.json"));
    if (ingests.open(QIODevice::WriteOnly)) {
        ingests.write(QJsonDocument(all).toJson());
        ingests.commit();
    }
}

Result<IngestReport> KnowledgeBase::ingestPath(const QString& path, const ProgressCallback& progress)
{
    return ingestPath(path, progress, CancelFlag {});
}

Result<IngestReport> KnowledgeBase::ingestPath(
    const QString& path, const ProgressCallback& progress, const CancelFlag& cancel)
{
    std::function<bool()> cancelled;
    if (cancel)
        cancelled = [cancel] { return cancel->load(); };
    Result<DocumentLoader::Loaded> loaded = DocumentLoader::load(path, m_maxFileBytes, cancelled);
    if (!loaded)
        return loaded.error().kind == ErrorKind::Cancelled ? Result<IngestReport>(cancelledError())
                                                           : Result<IngestReport>(loaded.error());
    if (loaded->documents.isEmpty() && !loaded->problems.isEmpty())
        return makeError(ErrorKind::Invalid,
            tr("%1: nothing ingested: %2").arg(path, loaded->problems.join(QStringLiteral("; "))),
            QStringLiteral("path"));
    Result<IngestReport> report = ingestLoaded(loaded->root, loaded->documents, progress, cancel);
    if (!report)
        return report;
    IngestReport r = std::move(report).value();
    r.problems = loaded->problems + r.problems;
    for (const QString& p : loaded->problems)
        qCInfo(lcKnowledge) << "skipped:" << p;
    return r;
}

Result<IngestReport> KnowledgeBase::ingestDocuments(
    const QString& root, const QList<KbDocument>& documents, const ProgressCallback& progress)
{
    return ingestLoaded(root, documents, progress, CancelFlag {});
}

Result<IngestReport> KnowledgeBase::ingestDocuments(const QString& root, const QList<KbDocument>& documents,
    const ProgressCallback& progress, const CancelFlag& cancel)
{
    return ingestLoaded(root, documents, progress, cancel);
}

Result<IngestReport> KnowledgeBase::ingestLoaded(const QString& root, const QList<KbDocument>& documents,
    const ProgressCallback& progress, const CancelFlag& cancel)
{
    Result<IngestReport> report = makeError(ErrorKind::Internal, QString());
    if (cancel) {
        report = stagedIngest(root, documents, progress, cancel);
    } else {
        QMutexLocker lock(&m_writeMutex);
        report = m_index->ingest(root, documents, progress, true);
    }
    if (report) {
        const int count = int(documents.size());
        QMetaObject::invokeMethod(
            this, [this, root, count] { recordSource(root, count); }, Qt::AutoConnection);
    }
    return report;
}

Result<IngestReport> KnowledgeBase::stagedIngest(const QString& root, const QList<KbDocument>& documents,
    const ProgressCallback& progress, const CancelFlag& cancel)
{
    QMutexLocker lock(&m_writeMutex);
    if (cancel->load())
        return cancelledError();
    if (m_directory.isEmpty())
        return makeError(ErrorKind::Invalid, tr("the knowledge base is not open"));
    const QString staging = m_directory + QStringLiteral("/staging");
    const QString live = m_directory + QStringLiteral("/xapian");
    const QString previous = m_directory + QStringLiteral("/xapian.previous");
    QDir(staging).removeRecursively();
    auto discard = [&staging] { QDir(staging).removeRecursively(); };
    if (!copyFlatFolder(live, staging + QStringLiteral("/xapian"))) {
        discard();
        return makeError(ErrorKind::Unavailable, tr("cannot copy the knowledge index to %1").arg(staging));
    }
    Result<IngestReport> report = [&]() -> Result<IngestReport> {
        KnowledgeIndex copy(m_options);
        if (Status opened = copy.open(staging); !opened)
            return opened.error();
        // A copy taken while another process was writing may be unreadable: then open() recreated it empty,
        // and swapping it in would lose every other source.
        if (!copy.notice().isEmpty())
            return makeError(ErrorKind::Unavailable,
                tr("the knowledge index changed while it was copied; try again (%1)").arg(copy.notice()));
        try {
            return copy.ingest(
                root, documents,
                [&cancel, &progress](int done, int total) {
                    if (cancel->load())
                        throw IngestCancelled {};
                    if (progress)
                        progress(done, total);
                },
                true);
        } catch (const IngestCancelled&) {
            return cancelledError();
        }
    }();
    // A cancel that came after the last check still wins: nothing has been swapped yet.
    if (report && cancel->load())
        report = cancelledError();
    if (!report) {
        discard();
        return report;
    }
    QDir(previous).removeRecursively();
    if (!QDir().rename(live, previous)) {
        discard();
        return makeError(ErrorKind::Unavailable, tr("cannot replace the knowledge index in %1").arg(live));
    }
    if (!QDir().rename(staging + QStringLiteral("/xapian"), live)) {
        QDir().rename(previous, live);
        discard();
        return makeError(ErrorKind::Unavailable, tr("cannot replace the knowledge index in %1").arg(live));
    }
    Status reopened = m_index->open(m_directory);
    QDir(previous).removeRecursively();
    discard();
    if (!reopened)
        return reopened.error();
    return report;
}

Result<IngestReport> KnowledgeBase::rebuild(const ProgressCallback& progress)
{
    IngestReport total;
    for (const QString& source : m_sources) {
        if (!QFileInfo::exists(source)) {
            total.problems.append(tr("%1: not a local path any more, ingest it again by hand").arg(source));
            continue;
        }
        Result<IngestReport> r = ingestPath(source, progress);
        if (!r) {
            total.problems.append(r.error().message);
            continue;
        }
        total.added += r->added;
        total.updated += r->updated;
        total.unchanged += r->unchanged;
        total.deleted += r->deleted;
        total.chunks += r->chunks;
        total.problems += r->problems;
    }
    m_needsRebuild = false;
    return total;
}

Result<SearchResult> KnowledgeBase::searchLexical(const QList<Turn>& conversation, int k) const
{
    return m_index->search(conversation, k);
}

void KnowledgeBase::runAsync(std::function<Result<IngestReport>(const ProgressCallback&)> work,
    QObject* context, ProgressCallback progress, Callback<IngestReport> done)
{
    QFuture<Result<IngestReport>> future
        = QtConcurrent::run(&m_pool, [work = std::move(work)](QPromise<Result<IngestReport>>& promise) {
              promise.addResult(work([&promise](int value, int total) {
                  promise.setProgressRange(0, total);
                  promise.setProgressValue(value);
              }));
          });
    watch<IngestReport>(context, future, std::move(done), std::move(progress));
}

void KnowledgeBase::ingestPathAsync(const QString& path, QObject* context, ProgressCallback progress,
    Callback<IngestReport> done, CancelFlag cancel)
{
    runAsync([this, path, cancel](const ProgressCallback& p) { return ingestPath(path, p, cancel); }, context,
        std::move(progress), std::move(done));
}

void KnowledgeBase::ingestDocumentsAsync(const QString& root, const QList<KbDocument>& documents,
    QObject* context, ProgressCallback progress, Callback<IngestReport> done, CancelFlag cancel)
{
    runAsync([this, root, documents, cancel](
                 const ProgressCallback& p) { return ingestDocuments(root, documents, p, cancel); },
        context, std::move(progress), std::move(done));
}

QString KnowledgeBase::vectorKey(const KbChunk& chunk)
{
    const QByteArray hash = QCryptographicHash::hash(
        (chunk.title + chunk.headingPath.join(QLatin1Char('/')) + chunk.text).toUtf8(),
        QCryptographicHash::Sha1);
    return chunk.chunkId + kKeySeparator + QString::fromLatin1(hash.toHex().left(16));
}

QString KnowledgeBase::embeddingText(const KbChunk& chunk) const
{
    QStringList parts { chunk.title };
    if (!chunk.headingPath.isEmpty())
        parts.append(chunk.headingPath.join(QStringLiteral(" > ")));
    parts.append(chunk.text);
    return parts.join(QLatin1Char('\n'));
}

SearchResult KnowledgeBase::fuse(const SearchResult& lexical, const QList<VectorStore::Scored>& semantic,
    const QHash<QString, KbChunk>& semanticChunks, int k)
{
    SearchResult out;
    out.confidence = lexical.confidence;
    out.resolvedEntities = lexical.resolvedEntities;
    out.notice = lexical.notice;
    out.semanticUsed = true;
    QHash<QString, SearchHit> hits;
    QStringList lexicalIds;
    for (const SearchHit& h : lexical.hits) {
        lexicalIds.append(h.chunkId);
        hits.insert(h.chunkId, h);
    }
    QStringList semanticIds;
    for (const VectorStore::Scored& s : semantic) {
        const auto chunk = semanticChunks.constFind(s.chunkId);
        if (chunk == semanticChunks.cend())
            continue;
        // Keep to the entities the conversation is about, when it named any.
        if (!lexical.resolvedEntities.isEmpty() && !chunk->entity.isEmpty()
            && !lexical.resolvedEntities.contains(TextAnalyzer::normalizedKey(chunk->entity)))
            continue;
        semanticIds.append(s.chunkId);
        auto it = hits.find(s.chunkId);
        if (it == hits.end()) {
            SearchHit h;
            h.chunkId = chunk->chunkId;
            h.documentId = chunk->documentId;
            h.title = chunk->title;
            h.headingPath = chunk->headingPath;
            h.text = chunk->text;
            h.snippet = chunk->text.size() > 240 ? chunk->text.left(240) + QChar(0x2026) : chunk->text;
            h.source = chunk->source;
            h.entity = chunk->entity;
            it = hits.insert(s.chunkId, h);
        }
        it->semanticScore = s.similarity;
    }
    for (const RankFusion::Fused& f : RankFusion::reciprocalRank({ lexicalIds, semanticIds })) {
        if (out.hits.size() >= k)
            break;
        SearchHit h = hits.value(f.id);
        h.score = f.score;
        out.hits.append(h);
    }
    return out;
}

void KnowledgeBase::search(
    const QList<Turn>& conversation, int k, QObject* context, Callback<SearchResult> done)
{
    struct State {
        std::optional<Result<SearchResult>> lexical;
        bool semanticDone = false;
        QList<VectorStore::Scored> semantic;
        QString semanticError;
    };
    const int depth = qMax(k, 20);
    auto state = std::make_shared<State>();
    QPointer<KnowledgeBase> self(this);
    auto finish = [self, state, k, done]() {
        if (!state->lexical || !state->semanticDone || !self)
            return;
        const Result<SearchResult>& lexical = *state->lexical;
        if (!lexical) {
            done(lexical);
            return;
        }
        SearchResult result = lexical.value();
        if (!state->semanticError.isEmpty() || state->semantic.isEmpty()) {
            if (!state->semanticError.isEmpty()) {
                result.notice = tr("Semantic retrieval unavailable (%1): lexical results only.")
                                    .arg(state->semanticError);
                qCWarning(lcKnowledge) << "embedding failed, lexical only:" << state->semanticError;
            }
            while (result.hits.size() > k)
                result.hits.removeLast();
            done(result);
            return;
        }
        QStringList ids;
        for (const VectorStore::Scored& s : state->semantic)
            ids.append(s.chunkId);
        Result<QHash<QString, KbChunk>> chunks = self->m_index->chunksById(ids);
        done(fuse(result, state->semantic, chunks ? chunks.value() : QHash<QString, KbChunk> {}, k));
    };

    KnowledgeIndex* index = m_index.get();
    watch<SearchResult>(context,
        QtConcurrent::run(
            &m_pool, [index, conversation, depth]() { return index->search(conversation, depth); }),
        [state, finish](Result<SearchResult> r) {
            state->lexical = std::move(r);
            finish();
        });

    if (!m_provider || m_vectors.size() == 0) {
        state->semanticDone = true;
        return;
    }
    QStringList entities;
    for (const auto& m : m_index->resolveEntities(conversation))
        entities.append(m.key);
    const QString text
        = (entities.mid(0, 2) + QStringList { latestCustomerText(conversation) }).join(QLatin1Char(' '));
    m_provider->embed({ text }, context, [self, state, depth, finish](Result<QList<Embedding>> r) {
        if (!self)
            return;
        if (!r)
            state->semanticError = r.error().message;
        else if (r->isEmpty())
            state->semanticError = tr("the embedding service returned no vector");
        else {
            for (const VectorStore::Scored& s : self->m_vectors.topK(r->first(), depth))
                state->semantic.append(
                    VectorStore::Scored { s.chunkId.section(kKeySeparator, 0, 0), s.similarity });
        }
        state->semanticDone = true;
        finish();
    });
}

void KnowledgeBase::updateEmbeddings(QObject* context, Callback<int> done)
{
    if (!m_provider) {
        done(makeError(
            ErrorKind::Unavailable, tr("no embedding provider is configured; search stays lexical")));
        return;
    }
    KnowledgeIndex* index = m_index.get();
    QPointer<KnowledgeBase> self(this);
    watch<QList<KbChunk>>(context, QtConcurrent::run(&m_pool, [index]() { return index->allChunks(); }),
        [self, context, done](Result<QList<KbChunk>> chunks) {
            if (!self)
                return;
            if (!chunks) {
                done(chunks.error());
                return;
            }
            QSet<QString> keys;
            auto pending = std::make_shared<QList<QPair<QString, QString>>>(); // key, text
            for (const KbChunk& c : chunks.value()) {
                const QString key = vectorKey(c);
                keys.insert(key);
                if (!self->m_vectors.contains(key))
                    pending->append({ key, self->embeddingText(c) });
            }
            self->m_vectors.retainOnly(keys);
            auto embedded = std::make_shared<int>(0);
            auto step = std::make_shared<std::function<void()>>();
            *step = [self, context, done, pending, embedded, step]() {
                if (!self)
                    return;
                const QString path = self->m_directory + QStringLiteral("/vectors.bin");
                if (pending->isEmpty()) {
                    Status saved = self->m_vectors.save(path);
                    // Resetting *step destroys this very lambda and its captures: copy what is still needed
                    // first (found by AddressSanitizer).
                    const auto finish = done;
                    const int count = *embedded;
                    *step = nullptr; // break the cycle
                    if (!saved)
                        finish(saved.error());
                    else
                        finish(count);
                    return;
                }
                const QList<QPair<QString, QString>> batch = pending->mid(0, kEmbedBatch);
                QStringList texts;
                for (const auto& p : batch)
                    texts.append(p.second);
                self->m_provider->embed(texts, context,
                    [self, done, pending, embedded, step, batch, path](Result<QList<Embedding>> r) {
                        if (!self)
                            return;
                        if (!r || r->size() != batch.size()) {
                            (void)self->m_vectors.save(path);
                            const QString why = r
                                ? tr("the embedding service returned %1 vectors for %2 texts")
                                      .arg(r->size())
                                      .arg(batch.size())
                                : r.error().message;
                            *step = nullptr;
                            done(makeError(r ? ErrorKind::Malformed : r.error().kind,
                                tr("embedding stopped after %n chunk(s) (%1); search stays lexical for the "
                                   "rest",
                                    nullptr, int(*embedded))
                                    .arg(why)));
                            return;
                        }
                        for (qsizetype i = 0; i < batch.size(); ++i) {
                            Status s = self->m_vectors.upsert(batch.at(i).first, r->at(i));
                            if (s)
                                ++*embedded;
                        }
                        pending->remove(0, batch.size());
                        (*step)();
                    });
            };
            (*step)();
        });
}

} // namespace cx::knowledge
