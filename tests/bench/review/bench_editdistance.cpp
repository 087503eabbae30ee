// Edit distance on 4,096-code-point texts with ~1 %, ~10 % and ~50 % random edits: the product function
// (cx::review::editDistance), its own bit-parallel code without edlib (levenshteinBitParallel), edlib called
// directly on the same texts already as bytes (the anchor: what the product's extra work costs on top of it),
// and the plain O(n*m) DP. Plus a text of more than 256 distinct code points, which edlib cannot take (the
// product falls back to its own bit-parallel code; the anchor there is edlib on the UTF-8 bytes, a speed
// reference only, its distance counts bytes). Run: build-ci/tests/bench/review/bench_editdistance
// --benchmark_repetitions=15
//        --benchmark_report_aggregates_only=true
#include "review/EditDistance.h"

#include <QRandomGenerator>
#include <QString>

#include <benchmark/benchmark.h>
#include <edlib.h>

#include <algorithm>
#include <map>
#include <string>

namespace {

struct TextPair {
    QString a;
    QString b;
    std::string bytesA; // for edlib: code points renamed to bytes (or UTF-8 when more than 256 distinct)
    std::string bytesB;
};

std::u32string kAscii = U"abcdefghijklmnopqrstuvwxyz     ,.etaoinshr";
std::u32string kMixed = U"abcdefgh 你好世界東京😀👍🇫🇷é\u0301";

std::u32string wideAlphabet()
{
    std::u32string out;
    for (char32_t c = 0x4E00; c < 0x4E00 + 600; ++c) {
        out.push_back(c);
    }
    return out;
}

// ~4096 code points drawn from `alphabet`, and a copy with `permille` / 1000 of them randomly edited.
TextPair makePair(const std::u32string& alphabet, int permille, quint32 seed)
{
    QRandomGenerator rng(seed);
    const auto pick = [&] { return alphabet[rng.bounded(static_cast<quint32>(alphabet.size()))]; };
    std::u32string a;
    while (a.size() < 4096) {
        a.push_back(pick());
    }
    std::u32string b = a;
    for (int i = 0; i < 4096 * permille / 1000; ++i) {
        const char32_t c = pick();
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
    TextPair pair;
    pair.a = QString::fromUcs4(a.data(), static_cast<qsizetype>(a.size()));
    pair.b = QString::fromUcs4(b.data(), static_cast<qsizetype>(b.size()));
    std::map<char32_t, char> names;
    for (const char32_t c : a + b) {
        names.try_emplace(c, static_cast<char>(names.size()));
    }
    if (names.size() <= 256) {
        for (const char32_t c : a) {
            pair.bytesA.push_back(names[c]);
        }
        for (const char32_t c : b) {
            pair.bytesB.push_back(names[c]);
        }
    } else {
        pair.bytesA = pair.a.toStdString();
        pair.bytesB = pair.b.toStdString();
    }
    return pair;
}

enum class Method { Product, BitParallel, Edlib, Reference };

void run(benchmark::State& state, const std::u32string& alphabet, int permille, Method method)
{
    const TextPair pair = makePair(alphabet, permille, static_cast<quint32>(permille + alphabet.size()));
    int distance = 0;
    for (auto _ : state) {
        switch (method) {
        case Method::Product:
            distance = cx::review::editDistance(pair.a, pair.b).distance;
            break;
        case Method::BitParallel: // the product's own code, the path taken before edlib (and above 256
                                  // symbols)
            distance = cx::review::levenshteinBitParallel(
                cx::review::toCodePoints(pair.a), cx::review::toCodePoints(pair.b));
            break;
        case Method::Edlib: {
            EdlibAlignResult r = edlibAlign(pair.bytesA.data(), static_cast<int>(pair.bytesA.size()),
                pair.bytesB.data(), static_cast<int>(pair.bytesB.size()),
                edlibNewAlignConfig(-1, EDLIB_MODE_NW, EDLIB_TASK_DISTANCE, nullptr, 0));
            distance = r.editDistance;
            edlibFreeAlignResult(r);
            break;
        }
        case Method::Reference:
            distance = cx::review::levenshteinReference(pair.a, pair.b);
            break;
        }
        benchmark::DoNotOptimize(distance);
    }
    state.counters["distance"] = distance;
}

void registerAll()
{
    static const std::u32string wide = wideAlphabet();
    struct Input {
        const char* name;
        const std::u32string* alphabet;
        int permille;
    };
    const Input inputs[] = {
        { "Ascii4k/edits1pct", &kAscii, 10 },
        { "Ascii4k/edits10pct", &kAscii, 100 },
        { "Ascii4k/edits50pct", &kAscii, 500 },
        { "Mixed4k/edits1pct", &kMixed, 10 },
        { "Mixed4k/edits10pct", &kMixed, 100 },
        { "Mixed4k/edits50pct", &kMixed, 500 },
        { "Wide600cp4k/edits10pct", &wide, 100 },
    };
    const std::pair<const char*, Method> methods[] = {
        { "product", Method::Product },
        { "bitparallel", Method::BitParallel },
        { "edlib", Method::Edlib },
        { "dp", Method::Reference },
    };
    const auto lowest = [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); };
    const auto highest = [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); };
    for (const Input& input : inputs) {
        for (const auto& [methodName, method] : methods) {
            const std::u32string* alphabet = input.alphabet;
            const int permille = input.permille;
            const Method m = method;
            benchmark::RegisterBenchmark((std::string(input.name) + "/" + methodName).c_str(),
                [alphabet, permille, m](benchmark::State& state) { run(state, *alphabet, permille, m); })
                ->Unit(benchmark::kMicrosecond)
                ->ComputeStatistics("min", lowest)
                ->ComputeStatistics("max", highest);
        }
    }
}

} // namespace

int main(int argc, char** argv)
{
    registerAll();
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
