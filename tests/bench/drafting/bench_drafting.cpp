// Drafter overhead excluding the model call: query extraction, prompt building, cache key, and assembling
// a DraftResult (citations, tone rules, confidence, risk, note) from a canned model answer.
// Run: build/bench/bench_drafting

#include "drafting/DraftCache.h"
#include "drafting/Drafter.h"
#include "drafting/PromptBuilder.h"
#include "drafting/QueryExtractor.h"
#include "llm/ChatTypes.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <benchmark/benchmark.h>

using namespace cx::drafting;

namespace {

QList<ConversationTurn> conversation(int messages)
{
    QList<ConversationTurn> turns;
    const QDateTime start = QDateTime::fromString(QStringLiteral("2026-11-25T09:00:00Z"), Qt::ISODate);
    for (int i = 0; i < messages; ++i) {
        const TurnRole role = i % 5 == 4 ? TurnRole::Note : (i % 2 ? TurnRole::Agent : TurnRole::Customer);
        turns.append({ role,
            QStringLiteral("Message %1 about order 55%2: the lamp arrived with a cracked shade and I would "
                           "like to know how returns work and how long a replacement takes.")
                .arg(i)
                .arg(i),
            role == TurnRole::Note, start.addSecs(60 * i) });
    }
    turns.append({ TurnRole::Customer, QStringLiteral("Still waiting, this is frustrating. Can I return it?"),
        false, start.addSecs(60 * messages) });
    return turns;
}

Retrieval retrieval()
{
    Retrieval r;
    r.kbVersion = QStringLiteral("kb-1");
    r.confidence = 0.7;
    for (int i = 0; i < 8; ++i)
        r.passages.append({ QStringLiteral("kb-%1").arg(i), QStringLiteral("doc-%1").arg(i),
            QStringLiteral("Returns %1").arg(i),
            QStringLiteral("Items can be returned within 30 days at https://shop.example/returns. A "
                           "replacement ships in 3 to 5 working days. Passage %1.")
                .arg(i),
            1.0 - i * 0.1, QString() });
    return r;
}

cx::llm::ChatResult modelAnswer()
{
    cx::llm::ChatResult result;
    result.model = QStringLiteral("gpt-4o-mini");
    result.finishReason = cx::llm::FinishReason::Stop;
    result.json = QJsonObject {
        { QStringLiteral("reply"),
            QStringLiteral(
                "Hello Ana,\n\nI am sorry about the cracked shade. Items can be returned within 30 days at "
                "https://shop.example/returns, and a replacement ships in 3 to 5 working days.\n\nKind "
                "regards,\nThe Support Team") },
        { QStringLiteral("citations"), QJsonArray { QStringLiteral("kb-0"), QStringLiteral("kb-1") } },
        { QStringLiteral("evidence"),
            QJsonArray { QJsonObject { { QStringLiteral("claim"), QStringLiteral("30-day returns") },
                { QStringLiteral("passage_ids"), QJsonArray { QStringLiteral("kb-0") } } } } },
        { QStringLiteral("confidence"), 0.8 },
    };
    return result;
}

void BM_DrafterOverhead50Messages(benchmark::State& state)
{
    const auto turns = conversation(50);
    const auto r = retrieval();
    const auto answer = modelAnswer();
    Drafter drafter(Drafter::Config {}, nullptr, {});
    for (auto _ : state) {
        const QString query = QueryExtractor::query(turns);
        const auto request = PromptBuilder::build(
            drafter.config().policy, QueryExtractor::publicHistory(turns), query, r.passages);
        const QString key
            = DraftCache::key(turns, drafter.config().policy.version, answer.model, r.kbVersion);
        const DraftResult result = drafter.assemble(turns, query, r, &answer, {});
        benchmark::DoNotOptimize(request.messages.size());
        benchmark::DoNotOptimize(key.size());
        benchmark::DoNotOptimize(result.note.size());
    }
}
BENCHMARK(BM_DrafterOverhead50Messages)->Unit(benchmark::kMicrosecond);

void BM_OfflineDraft50Messages(benchmark::State& state)
{
    const auto turns = conversation(50);
    const auto r = retrieval();
    Drafter drafter(Drafter::Config {}, nullptr, {});
    for (auto _ : state) {
        const DraftResult result
            = drafter.assemble(turns, QueryExtractor::query(turns), r, nullptr, QStringLiteral("offline"));
        benchmark::DoNotOptimize(result.note.size());
    }
}
BENCHMARK(BM_OfflineDraft50Messages)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
