// bench_knowledge [--dstc9 DIR] [--synthetic N (0: skip)] [--queries N] [--threads N]
// 1. the DSTC9 Track 1 knowledge base (12,039 FAQ snippets) with its 1,585 visible conversations as queries;
// 2. a synthetic knowledge base of N passages (default 100,000) about N/100 invented entities.
// Prints ingestion throughput, index size on disk and per-query latency (mean, p50, p99, max), next to the
// anchor: a plain Xapian BM25 query on the same index (QueryParser with the same stemmer over the latest
// customer message, get_mset for k, each hit's stored data read), timed query by query alternately with
// the product in the same run. Then the same queries from --threads threads at once (default 2): every
// thread's latencies pooled, to show whether concurrent searches queue.
// Xapian first: its headers use names Qt defines as macros (slots, signals).
#include <xapian.h>

#include "knowledge/DocumentLoader.h"
#include "knowledge/KnowledgeIndex.h"
#include "knowledge/RetrievalEval.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <atomic>
#include <thread>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace cx::knowledge;

namespace {
qint64 folderSize(const QString& path)
{
    qint64 total = 0;
    QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        total += QFileInfo(it.next()).size();
    return total;
}

struct Latency {
    double mean = 0, p50 = 0, p99 = 0, max = 0;
    double cpuMean = 0, cpuP99 = 0; // thread CPU time: robust when the machine is shared
};

double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

Latency summarize(QVector<double> ms)
{
    Latency l;
    if (ms.isEmpty())
        return l;
    std::sort(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms)
        sum += v;
    l.mean = sum / ms.size();
    auto rank = [&](double q) {
        return ms.at(qBound<qsizetype>(0, qsizetype(std::ceil(q * ms.size())) - 1, ms.size() - 1));
    };
    l.p50 = rank(0.50);
    l.p99 = rank(0.99);
    l.max = ms.last();
    return l;
}

void report(const char* name, int passages, qint64 ingestMs, qint64 bytes, const Latency& l, int queries)
{
    std::printf("%s\n", name);
    std::printf("  passages            %d\n", passages);
    std::printf("  ingest              %.2f s  (%.0f passages/s)\n", ingestMs / 1000.0,
        ingestMs > 0 ? passages * 1000.0 / ingestMs : 0.0);
    std::printf("  index size on disk  %.1f MB  (%.0f bytes/passage)\n", bytes / 1048576.0,
        passages ? double(bytes) / passages : 0.0);
    std::printf("  queries             %d\n", queries);
    std::printf(
        "  latency ms (wall)   mean %.3f  p50 %.3f  p99 %.3f  max %.3f\n", l.mean, l.p50, l.p99, l.max);
    std::printf("  latency ms (cpu)    mean %.3f  p99 %.3f\n", l.cpuMean, l.cpuP99);
    std::fflush(stdout);
}

// The anchor: what a developer would write with Xapian alone.
class PlainXapian final {
public:
    explicit PlainXapian(const QString& indexDir)
        : m_db(QString(indexDir + QStringLiteral("/xapian")).toStdString())
        , m_stem("english")
    {
        m_parser.set_stemmer(m_stem);
        m_parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
        m_parser.set_default_op(Xapian::Query::OP_OR);
        m_parser.set_database(m_db);
    }
    // Document ids of the top k, best first (the data of every hit is read, as a retrieval must).
    QStringList search(const QList<Turn>& conversation, int k)
    {
        QString text;
        for (qsizetype i = conversation.size() - 1; i >= 0 && text.isEmpty(); --i) {
            if (conversation.at(i).role != QLatin1String("agent"))
                text = conversation.at(i).text;
        }
        Xapian::Enquire enquire(m_db);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        enquire.set_query(m_parser.parse_query(text.toStdString(), 0));
        const Xapian::MSet mset = enquire.get_mset(0, Xapian::doccount(k));
        QStringList ids;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            ids.append(documentId(it.get_document().get_data()));
        }
        return ids;
    }

private:
    // The second field of KnowledgeIndex's stored chunk: 0x02, then length-prefixed (4 bytes LE) UTF-8
    // fields.
    static QString documentId(const std::string& data)
    {
        size_t pos = 1;
        for (int field = 0; field < 2 && pos + 4 <= data.size(); ++field) {
            const auto* b = reinterpret_cast<const unsigned char*>(data.data() + pos);
            const size_t n = b[0] | (b[1] << 8) | (b[2] << 16) | (size_t(b[3]) << 24);
            pos += 4;
            if (field == 1 && pos + n <= data.size())
                return QString::fromUtf8(data.data() + pos, qsizetype(n));
            pos += n;
        }
        return {};
    }

    Xapian::Database m_db;
    Xapian::Stem m_stem;
    Xapian::QueryParser m_parser;
};

struct Timed {
    QVector<double> productMs, productCpuMs, plainMs, plainCpuMs;
    QList<QStringList> productRanked, plainRanked;
};

// Product and anchor query by query, alternating which goes first.
Timed timeQueries(const KnowledgeIndex& index, PlainXapian& plain, const QList<QList<Turn>>& queries, int k)
{
    for (int i = 0; i < qMin<qsizetype>(50, queries.size()); ++i) { // warm the page cache
        (void)index.search(queries.at(i), k);
        (void)plain.search(queries.at(i), k);
    }
    Timed out;
    QElapsedTimer t;
    for (qsizetype i = 0; i < queries.size(); ++i) {
        const QList<Turn>& q = queries.at(i);
        auto runProduct = [&] {
            const double c0 = threadCpuMs();
            t.start();
            const auto r = index.search(q, k);
            out.productMs.append(t.nsecsElapsed() / 1e6);
            out.productCpuMs.append(threadCpuMs() - c0);
            if (!r && r.error().kind != cx::ErrorKind::Invalid)
                std::fprintf(stderr, "search failed: %s\n", qPrintable(r.error().message));
            QStringList ids;
            if (r) {
                for (const SearchHit& h : r->hits)
                    ids.append(h.documentId);
            }
            out.productRanked.append(ids);
        };
        auto runPlain = [&] {
            const double c0 = threadCpuMs();
            t.start();
            QStringList ids = plain.search(q, k);
            out.plainMs.append(t.nsecsElapsed() / 1e6);
            out.plainCpuMs.append(threadCpuMs() - c0);
            out.plainRanked.append(ids);
        };
        if (i % 2 == 0) {
            runProduct();
            runPlain();
        } else {
            runPlain();
            runProduct();
        }
    }
    return out;
}

// Every thread runs all queries; the latencies of all threads are pooled.
Latency timeConcurrent(const KnowledgeIndex& index, const QList<QList<Turn>>& queries, int k, int threads)
{
    std::vector<QVector<double>> perThread { size_t(threads) };
    std::atomic<int> ready { 0 };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            ++ready;
            while (ready.load() < threads) { }
            QElapsedTimer timer;
            for (qsizetype i = 0; i < queries.size(); ++i) {
                const QList<Turn>& q = queries.at((i + t * queries.size() / threads) % queries.size());
                timer.start();
                (void)index.search(q, k);
                perThread[size_t(t)].append(timer.nsecsElapsed() / 1e6);
            }
        });
    }
    for (std::thread& th : pool)
        th.join();
    QVector<double> all;
    for (const auto& v : perThread)
        all += v;
    return summarize(all);
}

void reportAnchor(const Timed& timed, const Latency& product, const QList<QStringList>& gold, int threads,
    const Latency& concurrent)
{
    const Latency plain = summarize(timed.plainMs);
    std::printf("  plain xapian ms      mean %.3f  p50 %.3f  p99 %.3f  max %.3f\n", plain.mean, plain.p50,
        plain.p99, plain.max);
    const Latency plainCpu = summarize(timed.plainCpuMs);
    std::printf("  plain xapian ms (cpu) mean %.3f  p99 %.3f\n", plainCpu.mean, plainCpu.p99);
    std::printf("  ratio to plain       mean %.2f  p50 %.2f  p99 %.2f  cpu mean %.2f\n",
        product.mean / plain.mean, product.p50 / plain.p50, product.p99 / plain.p99,
        product.cpuMean / plainCpu.mean);
    if (!gold.isEmpty()) {
        const QVector<double> none(gold.size(), 0.0);
        const auto p = RetrievalEval::computeMetrics(timed.productRanked, gold, none, 10);
        const auto a = RetrievalEval::computeMetrics(timed.plainRanked, gold, none, 10);
        std::printf(
            "  recall@5             product %.3f  plain %.3f  (R@1 %.3f / %.3f, MRR@10 %.3f / %.3f)\n",
            p.recallAt5, a.recallAt5, p.recallAt1, a.recallAt1, p.mrrAt10, a.mrrAt10);
    }
    std::printf("  %d threads at once ms mean %.3f  p50 %.3f  p99 %.3f  max %.3f\n", threads, concurrent.mean,
        concurrent.p50, concurrent.p99, concurrent.max);
    std::fflush(stdout);
}

void benchDstc9(const QString& dir, int threads)
{
    const QString kbPath = dir + QStringLiteral("/kb.jsonl");
    if (!QFileInfo::exists(kbPath)) {
        std::printf("DSTC9: %s not found, skipped\n", qPrintable(kbPath));
        return;
    }
    auto loaded = DocumentLoader::load(kbPath);
    auto queries = RetrievalEval::loadQueries(dir + QStringLiteral("/queries.jsonl"));
    if (!loaded || !queries)
        return;
    QTemporaryDir tmp;
    KnowledgeIndex index;
    if (!index.open(tmp.path()))
        return;
    QElapsedTimer t;
    t.start();
    auto r = index.ingest(loaded->root, loaded->documents);
    const qint64 ingestMs = t.elapsed();
    if (!r)
        return;
    QList<QList<Turn>> conversations;
    QList<QStringList> gold;
    for (const auto& q : queries.value()) {
        conversations.append(q.conversation);
        gold.append(q.goldIds);
    }
    PlainXapian plain(tmp.path());
    const Timed timed = timeQueries(index, plain, conversations, 10);
    Latency l = summarize(timed.productMs);
    const Latency c = summarize(timed.productCpuMs);
    l.cpuMean = c.mean;
    l.cpuP99 = c.p99;
    report("DSTC9 Track 1 knowledge base (lexical, conversation queries, k=10)",
        int(loaded->documents.size()), ingestMs, folderSize(tmp.path()), l, int(conversations.size()));
    reportAnchor(timed, l, gold, threads, timeConcurrent(index, conversations, 10, threads));
    // Re-ingest unchanged: must be (almost) free.
    t.start();
    auto again = index.ingest(loaded->root, loaded->documents);
    std::printf("  re-ingest unchanged %.2f s  (%d unchanged, %d written)\n\n", t.elapsed() / 1000.0,
        again ? again->unchanged : -1, again ? again->chunks : -1);
}

void benchSynthetic(int passages, int queryCount, int threads)
{
    if (passages <= 0)
        return; // --synthetic 0: the DSTC9 part only
    QRandomGenerator rng(42);
    // A Zipf-like vocabulary of invented words.
    const char* syllables[] = { "ka", "lo", "mi", "ra", "ten", "vo", "sil", "dur", "pe", "xa", "qui", "bran",
        "ost", "el", "un", "tor", "fa", "gri", "nem", "zo" };
    auto word = [&](int id) {
        QString w;
        int x = id + 20;
        while (x > 0) {
            w += QLatin1String(syllables[x % 20]);
            x /= 20;
        }
        return w;
    };
    auto zipfWord = [&]() {
        const double u = rng.generateDouble();
        return word(int(std::pow(20000.0, u)) - 1); // ~log-uniform ranks: heavy head, long tail
    };
    const int entities = qMax(1, passages / 100);
    QList<KbDocument> docs;
    docs.reserve(passages);
    for (int i = 0; i < passages; ++i) {
        KbDocument d;
        d.id = QStringLiteral("p%1").arg(i);
        const int e = i % entities;
        d.entity = QStringLiteral("%1 %2").arg(word(30000 + e), word(50000 + e % 97));
        QStringList title, text;
        for (int w = 0; w < 6; ++w)
            title.append(zipfWord());
        for (int w = 0; w < 40; ++w)
            text.append(zipfWord());
        d.title = d.entity + QStringLiteral(": ") + title.join(QLatin1Char(' '));
        d.text = text.join(QLatin1Char(' ')) + QLatin1Char('.');
        docs.append(d);
    }
    QTemporaryDir tmp;
    KnowledgeIndex index;
    if (!index.open(tmp.path()))
        return;
    QElapsedTimer t;
    t.start();
    auto r = index.ingest(QStringLiteral("synthetic"), docs);
    const qint64 ingestMs = t.elapsed();
    if (!r)
        return;
    QList<QList<Turn>> queries;
    for (int q = 0; q < queryCount; ++q) {
        const KbDocument& target = docs.at(int(rng.bounded(passages)));
        QStringList ask;
        for (int w = 0; w < 8; ++w)
            ask.append(zipfWord());
        queries.append({ { QStringLiteral("customer"), QStringLiteral("tell me about ") + target.entity },
            { QStringLiteral("agent"), QStringLiteral("Sure, what would you like to know?") },
            { QStringLiteral("customer"), ask.join(QLatin1Char(' ')) + QLatin1Char('?') } });
    }
    PlainXapian plain(tmp.path());
    const Timed timed = timeQueries(index, plain, queries, 10);
    Latency l = summarize(timed.productMs);
    const Latency c = summarize(timed.productCpuMs);
    l.cpuMean = c.mean;
    l.cpuP99 = c.p99;
    report(qPrintable(QStringLiteral("Synthetic knowledge base (%1 passages, %2 entities, lexical, k=10)")
                          .arg(passages)
                          .arg(entities)),
        passages, ingestMs, folderSize(tmp.path()), l, queryCount);
    reportAnchor(timed, l, {}, threads, timeConcurrent(index, queries, 10, threads));
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const QString& name, const QString& fallback) {
        const qsizetype i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : fallback;
    };
    const QString shared
        = qEnvironmentVariable("CXPILOT_SHARED_DIR", QStringLiteral(CXPILOT_BENCH_SHARED_DIR));
    bool ok = false;
    const int threads = option(QStringLiteral("--threads"), QStringLiteral("2")).toInt(&ok);
    if (!ok || threads < 1 || threads > 64) {
        std::fprintf(stderr, "bench_knowledge: --threads must be 1..64, not '%s'\n",
            qPrintable(option(QStringLiteral("--threads"), {})));
        return 2;
    }
    benchDstc9(option(QStringLiteral("--dstc9"), shared + QStringLiteral("/datasets/dstc9_track1")), threads);
    benchSynthetic(option(QStringLiteral("--synthetic"), QStringLiteral("100000")).toInt(),
        option(QStringLiteral("--queries"), QStringLiteral("2000")).toInt(), threads);
    return 0;
}
