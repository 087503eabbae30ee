// cxpilot kb ingest|search|eval -- the knowledge base from the command line.
#include "CliCommand.h"
#include "CliContext.h"

#include "chatwoot/ChatwootClient.h"
#include "foundation/SecretStore.h"
#include "knowledge/DocumentLoader.h"
#include "knowledge/HelpCenterSource.h"
#include "knowledge/KnowledgeBase.h"
#include "knowledge/RetrievalEval.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>

#include <optional>

namespace cx::cli {

namespace {
using namespace cx::knowledge;

QString tr(const char* text)
{
    return QCoreApplication::translate("cx::cli::Kb", text);
}

const QStringList kValueOptions { QStringLiteral("--index"), QStringLiteral("--k"), QStringLiteral("--kb"),
    QStringLiteral("--queries"), QStringLiteral("--conversation"), QStringLiteral("--account"),
    QStringLiteral("--chatwoot-url"), QStringLiteral("--database"), QStringLiteral("--model-url"),
    QStringLiteral("--model"), QStringLiteral("--max-file-mb") };

// --max-file-mb N: the per-file size limit of ingestion (DocumentLoader::kDefaultMaxFileBytes by default).
std::optional<qint64> maxFileBytes(const QStringList& args)
{
    const QString text = optionValue(args, QStringLiteral("--max-file-mb"));
    if (text.isEmpty())
        return DocumentLoader::kDefaultMaxFileBytes;
    bool ok = false;
    const double mb = text.toDouble(&ok);
    if (!ok || mb <= 0 || mb > 1024 * 1024) {
        err() << tr("--max-file-mb: \"%1\" is not a positive number of megabytes").arg(text) << "\n";
        return std::nullopt;
    }
    return static_cast<qint64>(mb * 1024 * 1024);
}

// Progress on stderr, only for sources big enough to need it.
ProgressCallback progressPrinter(const QString& label)
{
    return [label](int done, int total) {
        if (total < 500)
            return;
        err() << "\r" << label << " " << done << "/" << total << (done >= total ? "\n" : "");
        err().flush();
    };
}

void printReport(const IngestReport& r)
{
    out() << tr("added %1, updated %2, unchanged %3, deleted %4 documents; %5 chunks written")
                 .arg(r.added)
                 .arg(r.updated)
                 .arg(r.unchanged)
                 .arg(r.deleted)
                 .arg(r.chunks)
          << "\n";
    for (const QString& p : r.problems)
        err() << tr("warning: %1").arg(p) << "\n";
}

Result<QList<KbDocument>> fetchHelpCenter(const QString& url, const QStringList& args)
{
    QStringList withUrl = args;
    withUrl << QStringLiteral("--chatwoot-url") << url;
    Result<Settings> settings = loadSettings(withUrl);
    if (!settings)
        return settings.error();
    if (settings->chatwootAccountId() <= 0)
        return makeError(ErrorKind::Invalid,
            tr("%1: a Chatwoot account id is needed (--account ID or CHATWOOT_ACCOUNT_ID)").arg(url),
            QStringLiteral("account"));
    Result<QString> token = readSecret(SecretKey::ChatwootApiToken);
    if (!token)
        return makeError(ErrorKind::Unauthorized,
            tr("%1: no Chatwoot API token (set CHATWOOT_API_KEY or store it in the keychain)").arg(url));
    QNetworkAccessManager network;
    chatwoot::ChatwootClient client(chatwoot::ChatwootConfig { settings->chatwootBaseUrl(),
                                        settings->chatwootAccountId(), token.value() },
        &network);
    QObject context;
    QEventLoop loop;
    std::optional<Result<QList<KbDocument>>> result;
    HelpCenterSource::fetch(client, &context, [&](Result<QList<KbDocument>> r) {
        result = std::move(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return *result;
}

int ingest(const QStringList& args)
{
    if (!checkOptions(args,
            { { QStringLiteral("--index"), QStringLiteral("--account"), QStringLiteral("--chatwoot-url"),
                  QStringLiteral("--max-file-mb") },
                {} }))
        return 2;
    const std::optional<qint64> maxBytes = maxFileBytes(args);
    if (!maxBytes)
        return 2;
    const QStringList sources = positionals(args, kValueOptions).mid(1);
    if (sources.isEmpty()) {
        err() << tr("usage: cxpilot kb ingest PATH|URL... [--index DIR]") << "\n";
        return 2;
    }
    KnowledgeBase kb;
    kb.setMaxFileBytes(*maxBytes);
    const QString dir = optionValue(args, QStringLiteral("--index"), KnowledgeBase::defaultDirectory());
    if (Status s = kb.open(dir); !s) {
        err() << s.error().message << "\n";
        return 1;
    }
    if (!kb.notice().isEmpty())
        err() << kb.notice() << "\n";
    if (kb.needsRebuild()) {
        err() << tr("Rebuilding from the recorded sources...") << "\n";
        if (Result<IngestReport> r = kb.rebuild(progressPrinter(tr("rebuilding"))); r)
            printReport(r.value());
    }
    int failures = 0;
    for (const QString& source : sources) {
        QElapsedTimer timer;
        timer.start();
        Result<IngestReport> report = makeError(ErrorKind::Internal, QString());
        if (source.startsWith(QLatin1String("http://")) || source.startsWith(QLatin1String("https://"))) {
            Result<QList<KbDocument>> docs = fetchHelpCenter(source, args);
            if (!docs) {
                err() << tr("%1: %2").arg(source, docs.error().message) << "\n";
                ++failures;
                continue;
            }
            report = kb.ingestDocuments(
                HelpCenterSource::rootFor(QUrl(source)), docs.value(), progressPrinter(tr("ingesting")));
        } else {
            report = kb.ingestPath(source, progressPrinter(tr("ingesting")));
        }
        if (!report) {
            err() << tr("warning: %1").arg(report.error().message) << "\n";
            ++failures;
            continue;
        }
        out() << source << ": ";
        printReport(report.value());
        out() << tr("  %1 ms").arg(timer.elapsed()) << "\n";
    }
    out() << tr("index %1: %2 documents, %3 chunks, %4 entities")
                 .arg(QDir::toNativeSeparators(dir))
                 .arg(kb.index().documentCount())
                 .arg(kb.index().chunkCount())
                 .arg(kb.index().entityNames().size())
          << "\n";
    return failures ? 1 : 0;
}

QJsonObject hitJson(const SearchHit& h, int rank)
{
    return QJsonObject { { QStringLiteral("rank"), rank }, { QStringLiteral("score"), h.score },
        { QStringLiteral("chunk_id"), h.chunkId }, { QStringLiteral("document_id"), h.documentId },
        { QStringLiteral("title"), h.title },
        { QStringLiteral("heading_path"), QJsonArray::fromStringList(h.headingPath) },
        { QStringLiteral("entity"), h.entity }, { QStringLiteral("snippet"), h.snippet },
        { QStringLiteral("source"), h.source } };
}

int search(const QStringList& args)
{
    if (!checkOptions(args,
            { { QStringLiteral("--index"), QStringLiteral("--k"), QStringLiteral("--conversation") },
                { QStringLiteral("--json") } }))
        return 2;
    QList<Turn> conversation;
    const QString conversationFile = optionValue(args, QStringLiteral("--conversation"));
    if (!conversationFile.isEmpty()) {
        QFile f(conversationFile);
        if (!f.open(QIODevice::ReadOnly)) {
            err() << tr("cannot read %1 (%2)").arg(conversationFile, f.errorString()) << "\n";
            return 2;
        }
        for (const QJsonValue& v : QJsonDocument::fromJson(f.readAll()).array())
            conversation.append(Turn { v.toObject().value(QStringLiteral("role")).toString(),
                v.toObject().value(QStringLiteral("text")).toString() });
    }
    const QString text = positionals(args, kValueOptions).mid(1).join(QLatin1Char(' '));
    if (!text.trimmed().isEmpty())
        conversation.append(Turn { QStringLiteral("customer"), text });
    bool kOk = false;
    const int k = optionValue(args, QStringLiteral("--k"), QStringLiteral("5")).toInt(&kOk);
    if (!kOk || k <= 0) {
        err() << tr("--k must be a positive number") << "\n";
        return 2;
    }
    KnowledgeBase kb;
    const QString dir = optionValue(args, QStringLiteral("--index"), KnowledgeBase::defaultDirectory());
    if (Status s = kb.open(dir); !s) {
        err() << s.error().message << "\n";
        return 1;
    }
    if (!kb.notice().isEmpty())
        err() << kb.notice() << "\n";
    if (kb.needsRebuild())
        (void)kb.rebuild(progressPrinter(tr("rebuilding")));
    if (kb.index().chunkCount() == 0)
        err() << tr("The knowledge base at %1 is empty: run `cxpilot kb ingest PATH` first.").arg(dir)
              << "\n";
    Result<SearchResult> result = kb.searchLexical(conversation, k);
    if (!result) {
        err() << result.error().message << "\n";
        return result.error().kind == ErrorKind::Invalid ? 2 : 1;
    }
    if (hasFlag(args, QStringLiteral("--json"))) {
        QJsonArray hits;
        for (int i = 0; i < result->hits.size(); ++i)
            hits.append(hitJson(result->hits.at(i), i + 1));
        const QJsonObject o { { QStringLiteral("confidence"), result->confidence },
            { QStringLiteral("entities"), QJsonArray::fromStringList(result->resolvedEntities) },
            { QStringLiteral("semantic"), result->semanticUsed },
            { QStringLiteral("notice"), result->notice }, { QStringLiteral("hits"), hits } };
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return 0;
    }
    out() << tr("confidence %1").arg(result->confidence, 0, 'f', 2);
    if (!result->resolvedEntities.isEmpty())
        out() << tr(", about: %1").arg(result->resolvedEntities.mid(0, 3).join(QStringLiteral(", ")));
    out() << "\n";
    if (result->hits.isEmpty())
        out() << tr("no matching passages") << "\n";
    for (int i = 0; i < result->hits.size(); ++i) {
        const SearchHit& h = result->hits.at(i);
        out() << i + 1 << ". [" << QString::number(h.score, 'f', 2) << "] " << h.title;
        if (!h.headingPath.isEmpty())
            out() << " > " << h.headingPath.join(QStringLiteral(" > "));
        out() << "\n   " << h.snippet << "\n   " << h.source << "  (" << h.chunkId << ")\n";
    }
    return 0;
}

int eval(const QStringList& args)
{
    if (!checkOptions(args,
            { { QStringLiteral("--kb"), QStringLiteral("--queries"), QStringLiteral("--k"),
                  QStringLiteral("--max-file-mb") },
                { QStringLiteral("--json") } }))
        return 2;
    const std::optional<qint64> maxBytes = maxFileBytes(args);
    if (!maxBytes)
        return 2;
    const QString kbPath = optionValue(args, QStringLiteral("--kb"));
    const QString queriesPath = optionValue(args, QStringLiteral("--queries"));
    bool kOk = false;
    const int k = optionValue(args, QStringLiteral("--k"), QStringLiteral("10")).toInt(&kOk);
    if (kbPath.isEmpty() || queriesPath.isEmpty() || !kOk || k <= 0) {
        err() << tr("usage: cxpilot kb eval --kb KB.jsonl --queries QUERIES.jsonl [--k 10] [--json]") << "\n";
        return 2;
    }
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        err() << tr("cannot create a temporary folder") << "\n";
        return 1;
    }
    KnowledgeIndex index;
    if (Status s = index.open(tmp.path()); !s) {
        err() << s.error().message << "\n";
        return 1;
    }
    Result<DocumentLoader::Loaded> loaded = DocumentLoader::load(kbPath, *maxBytes);
    if (!loaded) {
        err() << "--kb: " << loaded.error().message << "\n";
        return 2;
    }
    for (const QString& p : loaded->problems)
        err() << tr("warning: %1").arg(p) << "\n";
    if (loaded->documents.isEmpty()) {
        err() << tr("--kb %1: no documents to evaluate against").arg(kbPath) << "\n";
        return 2;
    }
    QElapsedTimer timer;
    timer.start();
    Result<IngestReport> report
        = index.ingest(loaded->root, loaded->documents, progressPrinter(tr("ingesting")));
    if (!report) {
        err() << report.error().message << "\n";
        return 1;
    }
    const qint64 ingestMs = timer.elapsed();
    int skipped = 0;
    Result<QList<RetrievalEval::Query>> queries = RetrievalEval::loadQueries(queriesPath, &skipped);
    if (!queries) {
        err() << queries.error().message << "\n";
        return 1;
    }
    if (skipped)
        err() << tr("warning: %1 query rows without conversation or gold ids skipped").arg(skipped) << "\n";
    // No query means no measurement: "R@1 0.000" would read as a result.
    if (queries->isEmpty()) {
        err() << tr("--queries %1: no usable query (%2 rows skipped; each needs a conversation and gold ids)")
                     .arg(queriesPath)
                     .arg(skipped)
              << "\n";
        return 2;
    }
    const RetrievalEval::Metrics m
        = RetrievalEval::run(index, queries.value(), k, progressPrinter(tr("querying")));
    if (hasFlag(args, QStringLiteral("--json"))) {
        const QJsonObject o { { QStringLiteral("queries"), m.queries }, { QStringLiteral("k"), k },
            { QStringLiteral("recall_at_1"), m.recallAt1 }, { QStringLiteral("recall_at_5"), m.recallAt5 },
            { QStringLiteral("recall_at_k"), m.recallAtK }, { QStringLiteral("mrr_at_10"), m.mrrAt10 },
            { QStringLiteral("latency_mean_ms"), m.meanLatencyMs },
            { QStringLiteral("latency_p99_ms"), m.p99LatencyMs },
            { QStringLiteral("failed_searches"), m.failedSearches },
            { QStringLiteral("documents"), int(loaded->documents.size()) },
            { QStringLiteral("chunks"), report->chunks }, { QStringLiteral("ingest_ms"), ingestMs } };
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return 0;
    }
    out() << tr("knowledge base: %1 documents, %2 chunks, ingested in %3 ms")
                 .arg(loaded->documents.size())
                 .arg(report->chunks)
                 .arg(ingestMs)
          << "\n";
    out() << tr("queries: %1").arg(m.queries) << "\n";
    out() << "R@1:    " << QString::number(m.recallAt1, 'f', 3) << "\n";
    out() << "R@5:    " << QString::number(m.recallAt5, 'f', 3) << "\n";
    out() << QString(QStringLiteral("R@") + QString::number(k) + QLatin1Char(':')).leftJustified(8)
          << QString::number(m.recallAtK, 'f', 3) << "\n";
    out() << "MRR@10: " << QString::number(m.mrrAt10, 'f', 3) << "\n";
    out() << tr("latency per query: mean %1 ms, p99 %2 ms")
                 .arg(m.meanLatencyMs, 0, 'f', 3)
                 .arg(m.p99LatencyMs, 0, 'f', 3)
          << "\n";
    if (m.failedSearches)
        out() << tr("failed searches: %1").arg(m.failedSearches) << "\n";
    return 0;
}

int run(const QStringList& args)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("ingest"))
        return ingest(args);
    if (sub == QLatin1String("search"))
        return search(args);
    if (sub == QLatin1String("eval"))
        return eval(args);
    err() << tr("usage: cxpilot kb ingest PATH|URL... [--index DIR]\n"
                "       cxpilot kb search TEXT [--conversation TURNS.json] [--k N] [--json] [--index DIR]\n"
                "       cxpilot kb eval --kb KB.jsonl --queries QUERIES.jsonl [--k 10] [--json]")
          << "\n";
    return 2;
}

CliRegistration registration({ QStringLiteral("kb"), QStringLiteral("kb ingest|search|eval ..."),
    QStringLiteral("knowledge base: ingest sources, search passages, evaluate retrieval"), run });
} // namespace

} // namespace cx::cli
