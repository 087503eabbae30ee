// Bit-parallel (Myers/Hyyrö, multi-word) edit distance vs the plain DP reference on ~4 kB texts with ~10 %
// edits. Run: build-review/tests/bench/review/bench_editdistance
#include "review/EditDistance.h"

#include <QRandomGenerator>
#include <QString>

#include <benchmark/benchmark.h>

#include <string>

namespace {

struct TextPair {
    QString a;
    QString b;
};

// ~4096 code points drawn from words of `alphabet`, and a copy with ~10 % random edits.
TextPair makePair(const std::u32string& alphabet, quint32 seed)
{
    QRandomGenerator rng(seed);
    std::u32string a;
    while (a.size() < 4096) {
        a.push_back(alphabet[rng.bounded(static_cast<quint32>(alphabet.size()))]);
    }
    std::u32string b = a;
    for (int i = 0; i < 410; ++i) {
        const char32_t c = alphabet[rng.bounded(static_cast<quint32>(alphabet.size()))];
        const auto pos = static_cast<std::size_t>(rng.bounded(static_cast<quint32>(b.size())));
        switch (rng.bounded(3)) {
        case 0:
            b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), c);
            break;
        case 1:
            b.erase(pos, 1);
            break;
        default:
            b[pos] = c;
        }
    }
    const auto toQString = [](const std::u32string& s) {
        return QString::fromUcs4(s.data(), static_cast<qsizetype>(s.size()));
    };
    return { toQString(a), toQString(b) };
}

const std::u32string kAscii = U"abcdefghijklmnopqrstuvwxyz     ,.etaoinshr";
const std::u32string kMixed = U"abcdefgh 你好世界東京😀👍🇫🇷é\u0301";

void run(benchmark::State& state, const TextPair& pair, bool reference)
{
    int distance = 0;
    for (auto _ : state) {
        distance = reference ? cx::review::levenshteinReference(pair.a, pair.b)
                             : cx::review::editDistance(pair.a, pair.b).distance;
        benchmark::DoNotOptimize(distance);
    }
    state.counters["distance"] = distance;
    state.counters["utf16_units_a"] = static_cast<double>(pair.a.size());
}

void BM_BitParallel_Ascii4k(benchmark::State& state)
{
    run(state, makePair(kAscii, 1), false);
}
void BM_Reference_Ascii4k(benchmark::State& state)
{
    run(state, makePair(kAscii, 1), true);
}
void BM_BitParallel_MixedUnicode4k(benchmark::State& state)
{
    run(state, makePair(kMixed, 2), false);
}
void BM_Reference_MixedUnicode4k(benchmark::State& state)
{
    run(state, makePair(kMixed, 2), true);
}

} // namespace

BENCHMARK(BM_BitParallel_Ascii4k)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Reference_Ascii4k)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BitParallel_MixedUnicode4k)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Reference_MixedUnicode4k)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
