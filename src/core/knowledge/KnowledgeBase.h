#pragma once

#include "foundation/Result.h"
#include "knowledge/DocumentLoader.h"
#include "knowledge/EmbeddingProvider.h"
#include "knowledge/KbTypes.h"
#include "knowledge/KnowledgeIndex.h"
#include "knowledge/VectorStore.h"

#include <QDateTime>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

namespace cx::knowledge {

// The knowledge base as the rest of CX Pilot sees it: a KnowledgeIndex (lexical, always there), an optional
// EmbeddingProvider with a VectorStore beside the index (semantic), hybrid search by reciprocal-rank fusion,
// the list of ingested sources (<dir>/sources.json, so a corrupt index can be rebuilt), and asynchronous
// ingest/search for the GUI: the work runs on a private thread pool; results and progress are delivered
// on the context object's thread, never after the context died. Lives on the thread that created it.
class KnowledgeBase final : public QObject {
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(Result<T>)>;
    // Cooperative cancellation of an ingest: set it (from any thread) and the ingest stops at its next check
    // (between files while reading, every 256 documents while indexing) with ErrorKind::Cancelled.
    using CancelFlag = std::shared_ptr<std::atomic_bool>;
    static CancelFlag makeCancelFlag() { return std::make_shared<std::atomic_bool>(false); }

    // What the knowledge base holds from one source (a folder, a file, "helpcenter:<url>").
    struct SourceInfo {
        QString root;
        QDateTime lastIngest; // invalid: not ingested by this version (recorded before times were kept)
        int documents = -1; // documents in the source at its last ingest; -1: unknown
    };

    explicit KnowledgeBase(QObject* parent = nullptr);
    KnowledgeBase(const KnowledgeIndex::Options& options, QObject* parent);
    ~KnowledgeBase() override; // waits for running work
    Q_DISABLE_COPY_MOVE(KnowledgeBase)

    // QStandardPaths::AppDataLocation + "/kb"
    static QString defaultDirectory();

    // Opens (creating) the index. A corrupt index is recreated empty: notice() says so and needsRebuild()
    // is true when there are recorded sources to ingest again (rebuild()).
    Status open(const QString& directory);
    QString notice() const { return m_notice; }
    bool needsRebuild() const { return m_needsRebuild; }
    QStringList sources() const { return m_sources; }
    QList<SourceInfo> sourceInfos() const;
    KnowledgeIndex& index() { return *m_index; }
    const KnowledgeIndex& index() const { return *m_index; }

    // Not owned; nullptr = lexical only. Must outlive this object or be reset first.
    void setEmbeddingProvider(EmbeddingProvider* provider);
    int embeddedChunks() const { return m_vectors.size(); }

    // The per-file size limit of ingestPath (DocumentLoader::kDefaultMaxFileBytes; <= 0: none).
    void setMaxFileBytes(qint64 bytes) { m_maxFileBytes = bytes; }

    // Blocking variants: CLI, tests, worker threads. ingestPath fails (ErrorKind::Invalid, naming every
    // file refused) when the path had files but none could be loaded: then nothing already indexed from it
    // is deleted either.
    Result<IngestReport> ingestPath(const QString& path, const ProgressCallback& progress = {});
    Result<IngestReport> ingestDocuments(
        const QString& root, const QList<KbDocument>& documents, const ProgressCallback& progress = {});
    Result<IngestReport> rebuild(const ProgressCallback& progress = {});
    // Cancellable variants: the ingest writes to a copy of the index (<dir>/staging) and replaces the live
    // index only when it completed; a cancel or a failure deletes the copy, so the index searched meanwhile
    // is left exactly as it was (and stays searchable while the ingest runs).
    Result<IngestReport> ingestPath(
        const QString& path, const ProgressCallback& progress, const CancelFlag& cancel);
    Result<IngestReport> ingestDocuments(const QString& root, const QList<KbDocument>& documents,
        const ProgressCallback& progress, const CancelFlag& cancel);
    Result<SearchResult> searchLexical(const QList<Turn>& conversation, int k) const;

    // Off the calling thread. progress(done, total) and done(result) run on context's thread.
    // With a cancel flag they are the staged, cancellable ingests above.
    void ingestPathAsync(const QString& path, QObject* context, ProgressCallback progress,
        Callback<IngestReport> done, CancelFlag cancel = {});
    void ingestDocumentsAsync(const QString& root, const QList<KbDocument>& documents, QObject* context,
        ProgressCallback progress, Callback<IngestReport> done, CancelFlag cancel = {});
    // Hybrid when a provider is set and chunks are embedded; otherwise lexical. If the embedding call fails,
    // the lexical result is returned with notice saying semantic retrieval was unavailable.
    void search(const QList<Turn>& conversation, int k, QObject* context, Callback<SearchResult> done);
    // Embeds every chunk without a current vector (new or changed text) and drops vectors of deleted chunks;
    // done gets the number of chunks embedded. On failure what was embedded so far is kept.
    void updateEmbeddings(QObject* context, Callback<int> done);

    // Pure fusion step (exposed for tests): lexical hits + semantic (chunk, similarity) list -> top k.
    static SearchResult fuse(const SearchResult& lexical, const QList<VectorStore::Scored>& semantic,
        const QHash<QString, KbChunk>& semanticChunks, int k);
    static QString vectorKey(const KbChunk& chunk);

private:
    void recordSource(const QString& root, int documents);
    void saveSources() const;
    Result<IngestReport> ingestLoaded(const QString& root, const QList<KbDocument>& documents,
        const ProgressCallback& progress, const CancelFlag& cancel);
    Result<IngestReport> stagedIngest(const QString& root, const QList<KbDocument>& documents,
        const ProgressCallback& progress, const CancelFlag& cancel);
    QString embeddingText(const KbChunk& chunk) const;
    void runAsync(std::function<Result<IngestReport>(const ProgressCallback&)> work, QObject* context,
        ProgressCallback progress, Callback<IngestReport> done);

    KnowledgeIndex::Options m_options;
    std::unique_ptr<KnowledgeIndex> m_index;
    QMutex m_writeMutex; // one ingest at a time (a staged one must not lose a concurrent direct one)
    QThreadPool m_pool;
    VectorStore m_vectors;
    EmbeddingProvider* m_provider = nullptr;
    QString m_directory;
    QString m_notice;
    bool m_needsRebuild = false;
    QStringList m_sources;
    QHash<QString, SourceInfo> m_sourceInfo; // <dir>/ingests.json: root -> last ingest
    qint64 m_maxFileBytes = DocumentLoader::kDefaultMaxFileBytes;
};

} // namespace cx::knowledge
