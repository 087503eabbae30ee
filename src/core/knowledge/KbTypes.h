#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace cx::knowledge {

// One source document, whatever it came from (a file, a JSONL row, a Help Center article).
// Ingestion of every source kind goes through this struct, so an adapter for a new source is thin.
struct KbDocument {
    enum class Format { Markdown, PlainText, Html };
    QString id; // unique in the index: absolute file path, JSONL "id", "helpcenter:<portal>:<id>"
    QString title;
    QString text; // body in `format`
    Format format = Format::PlainText;
    QString source; // what a draft cites: a URL or a file path
    QString entity; // the product, store, place or plan the document is about (may be empty)
    QString category; // optional coarse grouping (Help Center category, JSONL "domain")
    QDateTime updatedAt;
};

// A retrievable passage of a document. Keeps everything a draft needs to cite it.
struct KbChunk {
    QString chunkId; // "<documentId>#<n>"
    QString documentId;
    QString title; // document title
    QStringList headingPath; // headings above the passage, outermost first
    QString text; // plain text of the passage
    QString source;
    QString entity;
    QString category;
};

// One turn of the conversation a query comes from.
struct Turn {
    QString role; // "customer" | "agent"
    QString text;
};

// A ranked passage.
struct SearchHit {
    QString chunkId;
    QString documentId;
    QString title;
    QStringList headingPath;
    QString snippet;
    QString text;
    QString source;
    QString entity;
    double score = 0.0; // fused score, higher is better; comparable within one result only
    double lexicalScore = 0.0; // BM25 (times the entity factor), 0 when only the semantic side found it
    double semanticScore = 0.0; // cosine similarity, 0 without embeddings
};

struct SearchResult {
    QList<SearchHit> hits;
    // 0..1, from the score distribution; see KnowledgeIndex.h for the formula.
    double confidence = 0.0;
    QStringList resolvedEntities; // entities the conversation was understood to be about, best first
    bool semanticUsed = false;
    QString notice; // e.g. "semantic retrieval unavailable (...): lexical results only"
};

struct IngestReport {
    int added = 0;
    int updated = 0;
    int unchanged = 0;
    int deleted = 0;
    int chunks = 0; // chunks written
    QStringList problems; // files or rows skipped, each with a reason; the rest was still ingested
};

// done/total in documents; called from the thread doing the work.
using ProgressCallback = std::function<void(int done, int total)>;

} // namespace cx::knowledge
