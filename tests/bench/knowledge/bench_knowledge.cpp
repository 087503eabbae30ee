// bench_knowledge [--dstc9 DIR] [--synthetic N (0: skip)] [--queries N]
// 1. the DSTC9 Track 1 knowledge base (12,039 FAQ snippets) with its 1,585 visible conversations as queries;
// 2. a synthetic knowledge base of N passages (default 100,000) about N/100 invented entities.
// Prints ingestion throughput, index size on disk and per-query latency (mean, p50, p99, max).
#include "knowledge/DocumentLoader.h"
#include "knowledge/KnowledgeIndex.h"
#include "knowledge/RetrievalEval.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>

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

Latency timeQueries(const KnowledgeIndex& index, const QList<QList<Turn>>& queries, int k)
{
    for (int i = 0; i < qMin<qsizetype>(50, queries.size()); ++i) // warm the page cache
        (void)index.search(queries.at(i), k);
    QVector<double> ms;
    QVector<double> cpu;
    QElapsedTimer t;
    for (const QList<Turn>& q : queries) {
        const double c0 = threadCpuMs();
        t.start();
        const auto r = index.search(q, k);
        ms.append(t.nsecsElapsed() / 1e6);
        cpu.append(threadCpuMs() - c0);
        if (!r && r.error().kind != cx::ErrorKind::Invalid)
            std::fprintf(stderr, "search failed: %s\n", qPrintable(r.error().message));
    }
    Latency l = summarize(ms);
    const Latency c = summarize(cpu);
    l.cpuMean = c.mean;
    l.cpuP99 = c.p99;
    return l;
}

void benchDstc9(const QString& dir)
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
    for (const auto& q : queries.value())
        conversations.append(q.conversation);
    const Latency l = timeQueries(index, conversations, 10);
    report("DSTC9 Track 1 knowledge base (lexical, conversation queries, k=10)",
        int(loaded->documents.size()), ingestMs, folderSize(tmp.path()), l, int(conversations.size()));
    // Re-ingest unchanged: must be (almost) free.
    t.start();
    auto again = index.ingest(loaded->root, loaded->documents);
    std::printf("  re-ingest unchanged %.2f s  (%d unchanged, %d written)\n\n", t.elapsed() / 1000.0,
        again ? again->unchanged : -1, again ? again->chunks : -1);
}

void benchSynthetic(int passages, int queryCount)
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
    const Latency l = timeQueries(index, queries, 10);
    report(qPrintable(QStringLiteral("Synthetic knowledge base (%1 passages, %2 entities, lexical, k=10)")
                          .arg(passages)
                          .arg(entities)),
        passages, ingestMs, folderSize(tmp.path()), l, queryCount);
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
    benchDstc9(option(QStringLiteral("--dstc9"), shared + QStringLiteral("/datasets/dstc9_track1")));
    benchSynthetic(option(QStringLiteral("--synthetic"), QStringLiteral("100000")).toInt(),
        option(QStringLiteral("--queries"), QStringLiteral("2000")).toInt());
    return 0;
}
