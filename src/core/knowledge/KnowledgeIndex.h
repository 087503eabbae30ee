#pragma once

#include "foundation/Result.h"
#include "knowledge/Chunker.h"
#include "knowledge/EntityVocabulary.h"
#include "knowledge/KbTypes.h"

#include <QHash>
#include <QMutex>

#include <memory>

namespace cx::knowledge {

// The lexical index: Xapian (BM25, English stemmer) in <directory>/xapian. Not tied to any data set.
//
// Indexing: one Xapian document per chunk. Stemmed words of the body count once, of the title
// `titleWeight` times, of the heading path `headingWeight` times, of the entity name `entityWeight` times
// (titles and entity/product names outweigh body text). Field prefixes: S = title words; boolean terms
// Q<chunk>, XD<document>, XR<source root>, XE<entity key>, XG (chunk about no entity), XC<category>.
// Incremental: a SHA-1 of each document's content (and the chunking settings) is kept in the index's
// metadata; re-ingesting an unchanged document does nothing, a changed one replaces its chunks, and
// documents of the same root that are gone are deleted.
//
// Conversation queries: the latest customer message's words (weight 1) and the turn just before it
// (weight contextWeight) form a BM25 OR query. Entities are resolved over the whole conversation with the
// index's EntityVocabulary. A chunk's lexical score = BM25 x (1 + entityBoost x s), s = the resolution
// score of the chunk's entity (0 for entities not mentioned; chunks about no entity get half of the best
// entity's s: a general policy applies to every product, a product's own answer is preferred).
// Candidates: the unfiltered top N plus the top N restricted to the resolved entities (boolean filter).
//
// Confidence (0..1) = 0.6 C + 0.25 M + 0.15 E, where
//   C = share of the latest message's IDF-weighted terms that the top chunk contains,
//   M = (s1 - s2) / s1, s1 the top score and s2 the best score of another document (1 if none),
//   E = the top chunk's entity resolution score (0 if it is about an entity the conversation never named);
//       for a chunk about no entity: 1 if no entity was resolved, else half the best entity's score.
// It is a ranking-quality signal, not a probability.
//
// Thread-safe, and searches do not wait for each other: a Xapian::Database object is not thread-safe, so
// every search leases a Searcher (its own Database handle, stemmer, entity vocabulary and in-memory docid ->
// entity/document tables) from a small pool that grows to the number of threads searching at once. The only
// lock a search takes is held to copy a shared_ptr and to pop/push the pool (nanoseconds, never across Xapian
// work). Writers (open, ingest) are serialised by a mutex of their own and publish a new pool when they are
// done; searches running on the old pool finish on it. Xapian exceptions never leave this class: they become
// cx::Error values.
class KnowledgeIndex final {
public:
    struct Options {
        double k1 = 1.2;
        double b = 0.75;
        int titleWeight = 3;
        int headingWeight = 2;
        int entityWeight = 2;
        double entityBoost = 1.5;
        double contextWeight = 0.3;
        int candidates = 30;
        QString language = QStringLiteral("english"); // Xapian stemmer name; "none" disables stemming
        Chunker::Options chunking;
        EntityVocabulary::Options entities;
    };

    explicit KnowledgeIndex(Options options);
    KnowledgeIndex();
    ~KnowledgeIndex();
    Q_DISABLE_COPY_MOVE(KnowledgeIndex)

    // Opens or creates the index in `directory`. A corrupt or unreadable index is deleted and created
    // empty again; notice() then says so (the caller re-ingests its sources).
    Status open(const QString& directory);
    bool isOpen() const;
    QString directory() const;
    QString notice() const;

    // Ingests the documents of one root (a folder, a file, a Help Center URL). With removeMissing,
    // documents indexed earlier under this root but absent now are deleted.
    Result<IngestReport> ingest(const QString& root, const QList<KbDocument>& documents,
        const ProgressCallback& progress = {}, bool removeMissing = true);
    Status removeRoot(const QString& root);

    Result<SearchResult> search(const QList<Turn>& conversation, int k) const;
    Result<SearchResult> searchText(const QString& text, int k) const;

    int chunkCount() const;
    int documentCount() const;
    QStringList entityNames() const; // normalized keys
    Result<QList<KbChunk>> allChunks() const;
    // The chunks with these ids that exist (unknown ids are left out).
    Result<QHash<QString, KbChunk>> chunksById(const QStringList& chunkIds) const;

    // The entity-vocabulary resolution used by search (exposed for tests and the drafter).
    QList<EntityVocabulary::Match> resolveEntities(const QList<Turn>& conversation) const;

    struct Searcher; // one thread's handle (internal)
    struct Pool; // the searchers of one opened revision (internal)

private:
    struct Impl;
    std::unique_ptr<Impl> d;
    QMutex m_writeMutex; // open/ingest one at a time; searches never take it
};

} // namespace cx::knowledge
