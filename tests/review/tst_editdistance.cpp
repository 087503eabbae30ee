#include "review/EditDistance.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <optional>
#include <string>

using cx::review::editDistance;
using cx::review::levenshteinBitParallel;
using cx::review::levenshteinEdlib;
using cx::review::levenshteinReference;
using cx::review::toCodePoints;

namespace {

// Alphabets for random strings: a tiny one (many matches, long carries) and a wide one mixing ASCII, Latin-1,
// CJK, combining marks and astral emoji (surrogate pairs).
const std::u32string kSmallAlphabet = U"abcd";
const std::u32string kWideAlphabet = U"aZ é\u0301你好世界😀👍🇫🇷\u200d";

std::u32string randomString(QRandomGenerator& rng, qsizetype length, const std::u32string& alphabet)
{
    std::u32string out;
    for (qsizetype i = 0; i < length; ++i) {
        out.push_back(alphabet[rng.bounded(static_cast<quint32>(alphabet.size()))]);
    }
    return out;
}

// A copy of `source` with about `edits` random insertions, deletions and substitutions.
std::u32string mutate(QRandomGenerator& rng, std::u32string source, int edits, const std::u32string& alphabet)
{
    for (int i = 0; i < edits; ++i) {
        const char32_t c = alphabet[rng.bounded(static_cast<quint32>(alphabet.size()))];
        const auto pos = static_cast<std::size_t>(rng.bounded(static_cast<quint32>(source.size() + 1)));
        switch (rng.bounded(3)) {
        case 0:
            source.insert(source.begin() + static_cast<std::ptrdiff_t>(pos), c);
            break;
        case 1:
            if (pos < source.size()) {
                source.erase(pos, 1);
            }
            break;
        default:
            if (pos < source.size()) {
                source[pos] = c;
            }
            break;
        }
    }
    return source;
}

QString fromCodePoints(const std::u32string& codePoints)
{
    return QString::fromUcs4(codePoints.data(), static_cast<qsizetype>(codePoints.size()));
}

} // namespace

class TestEditDistance final : public QObject {
    Q_OBJECT

private slots:
    void codePoints();
    void fixtures_data();
    void fixtures();
    void ratio();
    void blockBoundaries_data();
    void blockBoundaries();
    void randomAgainstReference();
    void longTextWithTenPercentEdits();
    void edlibAgainstReference();
    void edlibSeesCodePointsNotBytes();
    void moreThan256DistinctCodePoints();
    void longIdenticalTexts();
};

void TestEditDistance::codePoints()
{
    QCOMPARE(toCodePoints(QString()), std::u32string());
    QCOMPARE(toCodePoints(QStringLiteral("a😀")), std::u32string(U"a\U0001F600"));
    // A lone surrogate stays itself (not U+FFFD), so two different lone surrogates stay different.
    const QString lone = QString(QChar(0xD800)) + QLatin1Char('x');
    QCOMPARE(toCodePoints(lone), (std::u32string { 0xD800, U'x' }));
}

void TestEditDistance::fixtures_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("expected");

    QTest::newRow("both empty") << QString() << QString() << 0;
    QTest::newRow("empty vs word") << QString() << QStringLiteral("abc") << 3;
    QTest::newRow("word vs empty") << QStringLiteral("abc") << QString() << 3;
    QTest::newRow("identical") << QStringLiteral("Hello, world") << QStringLiteral("Hello, world") << 0;
    QTest::newRow("kitten/sitting") << QStringLiteral("kitten") << QStringLiteral("sitting") << 3;
    QTest::newRow("flaw/lawn") << QStringLiteral("flaw") << QStringLiteral("lawn") << 2;
    // U+1F44D is two UTF-16 units but one code point: one insertion, not two.
    QTest::newRow("emoji inserted") << QStringLiteral("ok") << QStringLiteral("ok👍") << 1;
    QTest::newRow("emoji vs letter") << QStringLiteral("a😀b") << QStringLiteral("axb") << 1;
    QTest::newRow("emoji vs other emoji, same high surrogate")
        << QStringLiteral("😀") << QStringLiteral("😁") << 1;
    QTest::newRow("emoji vs emoji, different surrogates") << QStringLiteral("😀") << QStringLiteral("🚀") << 1;
    QTest::newRow("only emoji, empty other") << QStringLiteral("😀🚀👍") << QString() << 3;
    // 👨‍👩‍👧 is man, ZWJ, woman, ZWJ, girl: five code points.
    QTest::newRow("ZWJ family vs empty") << QStringLiteral("👨\u200d👩\u200d👧") << QString() << 5;
    QTest::newRow("ZWJ family, last member differs")
        << QStringLiteral("👨\u200d👩\u200d👧") << QStringLiteral("👨\u200d👩\u200d👦") << 1;
    QTest::newRow("ZWJ family vs its first emoji")
        << QStringLiteral("👨\u200d👩\u200d👧") << QStringLiteral("👨") << 4;
    QTest::newRow("flag: two regional indicators each") << QStringLiteral("🇫🇷") << QStringLiteral("🇩🇪") << 2;
    // A combining mark is its own code point: "é" precomposed vs "e" + U+0301.
    QTest::newRow("precomposed vs combining") << QStringLiteral("\u00e9") << QStringLiteral("e\u0301") << 2;
    QTest::newRow("combining mark removed") << QStringLiteral("cafe\u0301") << QStringLiteral("cafe") << 1;
    QTest::newRow("two combining marks") << QStringLiteral("a\u0301\u0308") << QStringLiteral("a") << 2;
    QTest::newRow("CJK substitution") << QStringLiteral("你好世界") << QStringLiteral("你好地球") << 2;
    QTest::newRow("CJK transposition") << QStringLiteral("東京") << QStringLiteral("京東") << 2;
    QTest::newRow("lone surrogates differ") << QString(QChar(0xD800)) << QString(QChar(0xD801)) << 1;
    QTest::newRow("lone surrogate vs replacement char")
        << QString(QChar(0xDC00)) << QString(QChar(0xFFFD)) << 1;
    QTest::newRow("common prefix and suffix") << QStringLiteral("Thanks 😀 for writing, Ann!")
                                              << QStringLiteral("Thanks 🙂 for writing, Anne!") << 2;
}

void TestEditDistance::fixtures()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, expected);

    QCOMPARE(levenshteinReference(a, b), expected);
    QCOMPARE(editDistance(a, b).distance, expected);
    QCOMPARE(editDistance(b, a).distance, expected);
    QCOMPARE(levenshteinBitParallel(toCodePoints(a), toCodePoints(b)), expected);
}

void TestEditDistance::ratio()
{
    QCOMPARE(editDistance(QString(), QString()).ratio, 0.0);
    QCOMPARE(editDistance(QStringLiteral("same"), QStringLiteral("same")).ratio, 0.0);
    QCOMPARE(editDistance(QString(), QStringLiteral("xyz")).ratio, 1.0);
    QCOMPARE(editDistance(QStringLiteral("abc"), QStringLiteral("abd")).ratio, 1.0 / 3.0);
    // Divided by the longer length in code points: 1 edit over 4 code points, not over 5 UTF-16 units.
    QCOMPARE(editDistance(QStringLiteral("ab😀c"), QStringLiteral("abc")).ratio, 1.0 / 4.0);
    QCOMPARE(editDistance(QStringLiteral("kitten"), QStringLiteral("sitting")).ratio, 3.0 / 7.0);
}

void TestEditDistance::blockBoundaries_data()
{
    QTest::addColumn<int>("lengthA");
    QTest::addColumn<int>("lengthB");

    const int lengths[] = { 1, 2, 63, 64, 65, 127, 128, 129, 191, 192, 193 };
    for (const int a : lengths) {
        for (const int b : { 1, 63, 64, 65, 128, 129, 200 }) {
            QTest::addRow("%d vs %d code points", a, b) << a << b;
        }
    }
}

void TestEditDistance::blockBoundaries()
{
    QFETCH(int, lengthA);
    QFETCH(int, lengthB);

    QRandomGenerator rng(quint32(lengthA * 1000 + lengthB));
    for (const std::u32string* alphabet : { &kSmallAlphabet, &kWideAlphabet }) {
        for (int round = 0; round < 8; ++round) {
            const std::u32string a = randomString(rng, lengthA, *alphabet);
            // Unrelated strings, and a string against an edited copy of itself resized to lengthB.
            std::u32string b = randomString(rng, lengthB, *alphabet);
            if (round % 2 == 1) {
                b = mutate(rng, a, lengthA / 10 + 1, *alphabet);
                b.resize(static_cast<std::size_t>(lengthB), U'q');
            }
            const int expected = levenshteinReference(a, b);
            QCOMPARE(levenshteinBitParallel(a, b), expected);
            QCOMPARE(levenshteinBitParallel(b, a), expected);
            QCOMPARE(editDistance(fromCodePoints(a), fromCodePoints(b)).distance, expected);
        }
    }
    // Identical long strings: zero, whatever the block layout.
    const std::u32string same = randomString(rng, lengthA, kWideAlphabet);
    QCOMPARE(levenshteinBitParallel(same, same), 0);
}

void TestEditDistance::randomAgainstReference()
{
    QRandomGenerator rng(20240611u);
    for (int pair = 0; pair < 3000; ++pair) {
        const std::u32string& alphabet = pair % 3 == 0 ? kSmallAlphabet : kWideAlphabet;
        const std::u32string a = randomString(rng, rng.bounded(0, 300), alphabet);
        const std::u32string b = pair % 2 == 0 ? mutate(rng, a, rng.bounded(0, 40), alphabet)
                                               : randomString(rng, rng.bounded(0, 300), alphabet);
        const QString qa = fromCodePoints(a);
        const QString qb = fromCodePoints(b);
        const int expected = levenshteinReference(a, b);
        const cx::review::EditDistance fast = editDistance(qa, qb);
        if (fast.distance != expected) {
            qWarning("pair %d: |a|=%zu |b|=%zu", pair, a.size(), b.size());
        }
        QCOMPARE(fast.distance, expected);
        QCOMPARE(levenshteinReference(qa, qb), expected);
        const std::size_t longest = std::max(a.size(), b.size());
        QCOMPARE(fast.ratio, longest == 0 ? 0.0 : double(expected) / double(longest));
        QVERIFY(fast.ratio >= 0.0 && fast.ratio <= 1.0);
    }
}

void TestEditDistance::longTextWithTenPercentEdits()
{
    // The benchmark's shape: ~4 kB of text, ~10 % edited, far beyond one 64-bit word (63 blocks).
    QRandomGenerator rng(4096u);
    const std::u32string words = U"the quick brown fox jumps over a lazy dog 😀 你好 ";
    const std::u32string a = randomString(rng, 4000, words);
    const std::u32string b = mutate(rng, a, 400, words);
    const int expected = levenshteinReference(a, b);
    QVERIFY(expected > 0);
    QCOMPARE(levenshteinBitParallel(a, b), expected);
    QCOMPARE(editDistance(fromCodePoints(a), fromCodePoints(b)).distance, expected);
}

void TestEditDistance::edlibAgainstReference()
{
    // The edlib path on its own (no prefix/suffix stripping): mixed scripts, empty inputs, block-sized
    // lengths.
    QRandomGenerator rng(20261206u);
    for (int pair = 0; pair < 3000; ++pair) {
        const std::u32string& alphabet = pair % 3 == 0 ? kSmallAlphabet : kWideAlphabet;
        const std::u32string a = randomString(rng, rng.bounded(0, 300), alphabet);
        const std::u32string b = pair % 2 == 0 ? mutate(rng, a, rng.bounded(0, 40), alphabet)
                                               : randomString(rng, rng.bounded(0, 300), alphabet);
        const std::optional<int> fast = levenshteinEdlib(a, b);
        QVERIFY(fast.has_value());
        QCOMPARE(*fast, levenshteinReference(a, b));
    }
    QCOMPARE(levenshteinEdlib(U"", U""), 0);
    QCOMPARE(levenshteinEdlib(U"", U"😀你"), 2);
    QCOMPARE(levenshteinEdlib(U"é\u0301x", U""), 3);
}

void TestEditDistance::edlibSeesCodePointsNotBytes()
{
    // Code points that share their low byte (A = U+0041, Ł = U+0141, 䁁 = U+4041) or their UTF-16 high
    // surrogate (😀 U+1F600, 😁 U+1F601) are different symbols: each pair is one substitution apart.
    QCOMPARE(levenshteinEdlib(U"xAy", U"xŁy"), 1);
    QCOMPARE(levenshteinEdlib(U"A\u4041", U"\u4041A"), 2);
    QCOMPARE(levenshteinEdlib(U"😀", U"😁"), 1);
    QCOMPARE(levenshteinEdlib(U"😀", U"a"), 1); // one code point, two UTF-16 units
    QCOMPARE(editDistance(QStringLiteral("xAy"), QStringLiteral("xŁy")).distance, 1);
    QCOMPARE(editDistance(QStringLiteral("😀"), QStringLiteral("a")).distance, 1);
}

void TestEditDistance::moreThan256DistinctCodePoints()
{
    // Beyond edlib's 256-symbol alphabet the edlib path declines and editDistance falls back to its own
    // bit-parallel code, still exact.
    std::u32string wide;
    for (char32_t c = 0x4E00; c < 0x4E00 + 400; ++c) {
        wide.push_back(c);
    }
    QRandomGenerator rng(257u);
    for (int pair = 0; pair < 20; ++pair) {
        const std::u32string a = wide + randomString(rng, rng.bounded(0, 800), wide);
        const std::u32string b = mutate(rng, a, rng.bounded(1, 200), wide);
        std::u32string distinct = a + b;
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        QVERIFY(distinct.size() > 256);
        QVERIFY(!levenshteinEdlib(a, b).has_value());
        QCOMPARE(editDistance(fromCodePoints(a), fromCodePoints(b)).distance, levenshteinReference(a, b));
    }
    // Exactly 256 distinct code points still go through edlib.
    const std::u32string exactly256 = wide.substr(0, 256);
    std::u32string reversed(exactly256.rbegin(), exactly256.rend());
    QCOMPARE(levenshteinEdlib(exactly256, reversed), levenshteinReference(exactly256, reversed));
}

void TestEditDistance::longIdenticalTexts()
{
    QRandomGenerator rng(20000u);
    const std::u32string text = randomString(rng, 20000, kWideAlphabet);
    QCOMPARE(levenshteinEdlib(text, text), 0);
    QCOMPARE(editDistance(fromCodePoints(text), fromCodePoints(text)).distance, 0);
    QCOMPARE(editDistance(fromCodePoints(text), fromCodePoints(text)).ratio, 0.0);
}

QTEST_GUILESS_MAIN(TestEditDistance)
#include "tst_editdistance.moc"
