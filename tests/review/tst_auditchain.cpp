#include "review/AuditChain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

#include <functional>

using namespace cx::review;

namespace {

const QDateTime kStart(QDate(2025, 1, 2), QTime(3, 4, 5, 678), Qt::UTC);

AuditEntry goldenEntry()
{
    AuditEntry e;
    e.at = kStart;
    e.actor = QStringLiteral("Ann Smith");
    e.action = QStringLiteral("draft.approved");
    e.entityType = QStringLiteral("draft");
    e.entityId = QStringLiteral("42");
    e.fromState = QStringLiteral("noted");
    e.toState = QStringLiteral("approved");
    // Inserted out of order on purpose: the canonical form sorts keys.
    e.details.insert(QStringLiteral("tone"), 5);
    e.details.insert(QStringLiteral("policy"), 5);
    e.details.insert(QStringLiteral("note"), QStringLiteral("Merci \"ok\"\n😀"));
    e.details.insert(QStringLiteral("nested"),
        QJsonObject { { QStringLiteral("b"), true }, { QStringLiteral("a"), QJsonValue() } });
    e.details.insert(QStringLiteral("editRatio"), 0.125);
    e.details.insert(QStringLiteral("accuracy"), 4);
    return sealEntry(e, 1, genesisHash());
}

// A sealed chain of n entries, one second apart.
QList<AuditEntry> makeChain(int n)
{
    QList<AuditEntry> chain;
    QString previous = genesisHash();
    for (int i = 1; i <= n; ++i) {
        AuditEntry e;
        e.at = kStart.addSecs(i);
        e.actor = i % 2 ? QStringLiteral("Ann Smith") : QStringLiteral("cxpilotd@host");
        e.action = QStringLiteral("draft.transition");
        e.entityType = QStringLiteral("draft");
        e.entityId = QString::number(100 + i / 3);
        e.fromState = QStringLiteral("noted");
        e.toState = QStringLiteral("approved");
        e.details = QJsonObject { { QStringLiteral("step"), i }, { QStringLiteral("ratio"), i / 10.0 } };
        chain.append(sealEntry(e, i, previous));
        previous = chain.constLast().hash;
    }
    return chain;
}

void expectBad(const ChainCheck& check, qint64 seq, const char* reasonPart)
{
    QVERIFY(!check.ok);
    QCOMPARE(check.firstBadSeq, seq);
    QVERIFY2(check.reason.contains(QLatin1String(reasonPart)), qPrintable(check.reason));
}

} // namespace

class TestAuditChain final : public QObject {
    Q_OBJECT

private slots:
    void canonicalFormIsPinned();
    void genesis();
    void hashCoversEveryField_data();
    void hashCoversEveryField();
    void timestampIsUtcWithMilliseconds();
    void loneSurrogatesDoNotCollide();
    void intactChainVerifies();
    void editedEntry_data();
    void editedEntry();
    void editedAndRehashedEntry();
    void deletedEntry();
    void deletedFirstEntry();
    void deletedEntryWithRenumbering();
    void reorderedEntries();
    void reorderedAndRenumbered();
    void duplicatedEntry();
    void wrongGenesis();
    void malformedHash();
    void invalidTimestamp();
    void truncatedTailNeedsHead();
    void segment();
    void jsonLineRoundTrip();
    void jsonLineRefusals_data();
    void jsonLineRefusals();
};

void TestAuditChain::canonicalFormIsPinned()
{
    // Changing this format breaks every stored chain: the literal and the hash (computed outside Qt, with
    // Python's hashlib) must only change together with the "cxaudit/N" version.
    const AuditEntry e = goldenEntry();
    const QByteArray expected
        = QStringLiteral("[\"cxaudit/1\",1,\"2025-01-02T03:04:05.678Z\",\"Ann Smith\","
                         "\"draft.approved\",\"draft\",\"42\",\"noted\",\"approved\","
                         "{\"accuracy\":4,\"editRatio\":0.125,\"nested\":{\"a\":null,\"b\":"
                         "true},\"note\":\"Merci \\\"ok\\\"\\n😀\",\"policy\":5,\"tone\":5},"
                         "\"0000000000000000000000000000000000000000000000000000000000000000\"]")
              .toUtf8();
    QCOMPARE(canonicalBytes(e), expected);
    QCOMPARE(e.hash, QStringLiteral("40be8b5099104d3fcc321cf7ef3dddaa690d739f04440ac230e55e067dee9f5e"));
    QCOMPARE(computeEntryHash(e), e.hash);
}

void TestAuditChain::genesis()
{
    QCOMPARE(genesisHash(), QString(64, u'0'));
    QCOMPARE(goldenEntry().prevHash, genesisHash());
}

void TestAuditChain::hashCoversEveryField_data()
{
    QTest::addColumn<std::function<void(AuditEntry&)>>("change");

    using Change = std::function<void(AuditEntry&)>;
    QTest::newRow("seq") << Change([](AuditEntry& e) { e.seq = 2; });
    QTest::newRow("at +1 ms") << Change([](AuditEntry& e) { e.at = e.at.addMSecs(1); });
    QTest::newRow("actor") << Change([](AuditEntry& e) { e.actor = QStringLiteral("Ann Smyth"); });
    QTest::newRow("action") << Change([](AuditEntry& e) { e.action = QStringLiteral("draft.rejected"); });
    QTest::newRow("entityType") << Change([](AuditEntry& e) { e.entityType = QStringLiteral("outbox"); });
    QTest::newRow("entityId") << Change([](AuditEntry& e) { e.entityId = QStringLiteral("43"); });
    QTest::newRow("fromState") << Change([](AuditEntry& e) { e.fromState = QStringLiteral("drafted"); });
    QTest::newRow("toState") << Change([](AuditEntry& e) { e.toState = QStringLiteral("sent"); });
    QTest::newRow("details value") << Change([](AuditEntry& e) { e.details[QStringLiteral("tone")] = 4; });
    QTest::newRow("details nested") << Change([](AuditEntry& e) {
        e.details[QStringLiteral("nested")] = QJsonObject { { QStringLiteral("a"), false } };
    });
    QTest::newRow("details key added") << Change([](AuditEntry& e) { e.details[QStringLiteral("x")] = 1; });
    QTest::newRow("prevHash") << Change([](AuditEntry& e) { e.prevHash = QString(64, u'1'); });
    // Field boundaries are unambiguous: moving a character from one field to the next changes the hash.
    QTest::newRow("shifted boundary") << Change([](AuditEntry& e) {
        e.entityType = QStringLiteral("draft4");
        e.entityId = QStringLiteral("2");
    });
}

void TestAuditChain::hashCoversEveryField()
{
    QFETCH(std::function<void(AuditEntry&)>, change);
    const AuditEntry original = goldenEntry();
    AuditEntry changed = original;
    change(changed);
    QVERIFY(computeEntryHash(changed) != original.hash);
    QCOMPARE(computeEntryHash(changed).size(), 64);
}

void TestAuditChain::timestampIsUtcWithMilliseconds()
{
    const AuditEntry utc = goldenEntry();
    AuditEntry paris = utc;
    paris.at = utc.at.toTimeZone(QTimeZone(3600)); // same instant, UTC+01:00
    QVERIFY(paris.at.offsetFromUtc() == 3600);
    QCOMPARE(computeEntryHash(paris), utc.hash);
    QVERIFY(canonicalBytes(paris).contains("\"2025-01-02T03:04:05.678Z\""));
}

void TestAuditChain::loneSurrogatesDoNotCollide()
{
    AuditEntry a = goldenEntry();
    AuditEntry b = a;
    a.actor = QString(QChar(0xD800));
    b.actor = QString(QChar(0xD801));
    QVERIFY(computeEntryHash(a) != computeEntryHash(b));
    QVERIFY(canonicalBytes(a).contains("\"\\ud800\""));
}

void TestAuditChain::intactChainVerifies()
{
    const QList<AuditEntry> chain = makeChain(10);
    const ChainCheck check = verifyChain(chain);
    QVERIFY2(check.ok, qPrintable(check.reason));
    QCOMPARE(check.firstBadSeq, -1);
    QVERIFY(check.reason.isEmpty());
    QVERIFY(verifyChain({}).ok);
    QVERIFY(verifyChain(chain, chain.constLast().hash).ok);
    QVERIFY(verifyChain({ goldenEntry() }).ok);
}

void TestAuditChain::editedEntry_data()
{
    QTest::addColumn<std::function<void(AuditEntry&)>>("edit");

    using Edit = std::function<void(AuditEntry&)>;
    QTest::newRow("actor changed") << Edit([](AuditEntry& e) { e.actor = QStringLiteral("Bob"); });
    QTest::newRow("grades changed") << Edit([](AuditEntry& e) { e.details[QStringLiteral("step")] = 99; });
    QTest::newRow("state changed") << Edit([](AuditEntry& e) { e.toState = QStringLiteral("rejected"); });
    QTest::newRow("time moved") << Edit([](AuditEntry& e) { e.at = e.at.addSecs(-3600); });
}

void TestAuditChain::editedEntry()
{
    QFETCH(std::function<void(AuditEntry&)>, edit);
    QList<AuditEntry> chain = makeChain(8);
    edit(chain[4]);
    expectBad(verifyChain(chain), 5, "edited");
}

void TestAuditChain::editedAndRehashedEntry()
{
    // The editor recomputed the entry's own hash: the next entry no longer follows it.
    QList<AuditEntry> chain = makeChain(8);
    chain[4].actor = QStringLiteral("Mallory");
    chain[4].hash = computeEntryHash(chain[4]);
    expectBad(verifyChain(chain), 6, "previous entry's hash");
}

void TestAuditChain::deletedEntry()
{
    QList<AuditEntry> chain = makeChain(8);
    chain.removeAt(3); // seq 4
    expectBad(verifyChain(chain), 5, "gap");
}

void TestAuditChain::deletedFirstEntry()
{
    QList<AuditEntry> chain = makeChain(5);
    chain.removeFirst();
    expectBad(verifyChain(chain), 2, "gap");
}

void TestAuditChain::deletedEntryWithRenumbering()
{
    // Seq 4 deleted, later seqs renumbered and their hashes recomputed: the links still give it away.
    QList<AuditEntry> chain = makeChain(8);
    chain.removeAt(3);
    for (qsizetype i = 3; i < chain.size(); ++i) {
        chain[i].seq -= 1;
        chain[i].hash = computeEntryHash(chain[i]);
    }
    expectBad(verifyChain(chain), 4, "previous entry's hash");
}

void TestAuditChain::reorderedEntries()
{
    QList<AuditEntry> chain = makeChain(8);
    chain.swapItemsAt(2, 3); // seq 3 and 4
    expectBad(verifyChain(chain), 4, "out of order");
}

void TestAuditChain::reorderedAndRenumbered()
{
    QList<AuditEntry> chain = makeChain(8);
    chain.swapItemsAt(2, 3);
    chain[2].seq = 3;
    chain[3].seq = 4;
    chain[2].hash = computeEntryHash(chain[2]);
    chain[3].hash = computeEntryHash(chain[3]);
    expectBad(verifyChain(chain), 3, "previous entry's hash");
}

void TestAuditChain::duplicatedEntry()
{
    QList<AuditEntry> chain = makeChain(6);
    chain.insert(4, chain[3]); // seq 4 replayed
    expectBad(verifyChain(chain), 4, "out of order");
}

void TestAuditChain::wrongGenesis()
{
    QList<AuditEntry> chain = makeChain(3);
    chain[0] = sealEntry(chain[0], 1, QString(64, u'f'));
    expectBad(verifyChain(chain), 1, "previous entry's hash");

    // A chain that starts at seq 2 is missing its first entry.
    QList<AuditEntry> late = makeChain(3);
    late[0] = sealEntry(late[0], 2, genesisHash());
    expectBad(verifyChain(late), 2, "gap");
}

void TestAuditChain::malformedHash()
{
    QList<AuditEntry> chain = makeChain(3);
    chain[1].hash = chain[1].hash.toUpper();
    expectBad(verifyChain(chain), 2, "edited");
    chain = makeChain(3);
    chain[2].hash.clear();
    expectBad(verifyChain(chain), 3, "edited");
}

void TestAuditChain::invalidTimestamp()
{
    QList<AuditEntry> chain = makeChain(3);
    chain[1] = sealEntry(
        [&] {
            AuditEntry e = chain[1];
            e.at = QDateTime();
            return e;
        }(),
        2, chain[0].hash);
    expectBad(verifyChain(chain), 2, "timestamp");
}

void TestAuditChain::truncatedTailNeedsHead()
{
    const QList<AuditEntry> full = makeChain(6);
    const QString head = full.constLast().hash;
    QList<AuditEntry> truncated = full;
    truncated.removeLast();
    truncated.removeLast();
    // Without an anchor a truncated chain is indistinguishable from a shorter one (documented limitation).
    QVERIFY(verifyChain(truncated).ok);
    expectBad(verifyChain(truncated, head), -1, "expected head");
    expectBad(verifyChain({}, head), -1, "expected head");
    QVERIFY(verifyChain({}, genesisHash()).ok);
}

void TestAuditChain::segment()
{
    const QList<AuditEntry> chain = makeChain(8);
    const QList<AuditEntry> window = chain.mid(3, 4); // seq 4..7
    QVERIFY(verifySegment(window, 4, chain[2].hash).ok);
    expectBad(verifySegment(window, 4, chain[1].hash), 4, "previous entry's hash");
    expectBad(verifySegment(window, 3, chain[2].hash), 4, "gap");
}

void TestAuditChain::jsonLineRoundTrip()
{
    QList<AuditEntry> chain = makeChain(5);
    chain[2] = sealEntry(
        [&] {
            AuditEntry e = chain[2];
            e.actor = QStringLiteral("Zoë 👋\n\"quoted\"");
            e.details = goldenEntry().details;
            return e;
        }(),
        3, chain[1].hash);
    for (qsizetype i = 3; i < chain.size(); ++i) {
        chain[i] = sealEntry(chain[i], chain[i].seq, chain[i - 1].hash);
    }
    QVERIFY(verifyChain(chain).ok);

    QList<AuditEntry> readBack;
    for (const AuditEntry& entry : chain) {
        const QByteArray line = toJsonLine(entry);
        QVERIFY(line.endsWith('\n'));
        QCOMPARE(line.count('\n'), 1); // one entry, one line, even with a newline in a field
        const QJsonDocument document = QJsonDocument::fromJson(line);
        QVERIFY(document.isObject());
        QCOMPARE(document.object().keys().size(), 11);
        QCOMPARE(document.object().value(QStringLiteral("hash")).toString(), entry.hash);
        QCOMPARE(document.object().value(QStringLiteral("seq")).toInteger(), entry.seq);

        const cx::Result<AuditEntry> parsed = fromJsonLine(line);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
        QCOMPARE(parsed->seq, entry.seq);
        QCOMPARE(parsed->at, entry.at);
        QCOMPARE(parsed->actor, entry.actor);
        QCOMPARE(parsed->details, entry.details);
        QCOMPARE(parsed->prevHash, entry.prevHash);
        QCOMPARE(parsed->hash, entry.hash);
        QCOMPARE(toJsonLine(*parsed), line);
        readBack.append(*parsed);
    }
    QVERIFY(verifyChain(readBack, chain.constLast().hash).ok);

    // An export edited by hand is caught after reading it back.
    QByteArray tampered = toJsonLine(chain[1]);
    tampered.replace("cxpilotd@host", "someone-else");
    const cx::Result<AuditEntry> edited = fromJsonLine(tampered);
    QVERIFY(edited.ok());
    readBack[1] = *edited;
    expectBad(verifyChain(readBack), 2, "edited");
}

void TestAuditChain::jsonLineRefusals_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("field");

    const QByteArray good = toJsonLine(goldenEntry());
    QTest::newRow("not JSON") << QByteArray("not json") << QString();
    QTest::newRow("array") << QByteArray("[1,2]") << QString();
    QByteArray noSeq = good;
    noSeq.replace("\"seq\":1", "\"seq\":\"1\"");
    QTest::newRow("seq as string") << noSeq << QStringLiteral("seq");
    QByteArray badAt = good;
    badAt.replace("2025-01-02T03:04:05.678Z", "yesterday");
    QTest::newRow("bad time") << badAt << QStringLiteral("at");
    QByteArray noActor = good;
    noActor.replace("\"actor\":", "\"author\":");
    QTest::newRow("actor missing") << noActor << QStringLiteral("actor");
    QByteArray detailsArray = good;
    detailsArray.replace("\"details\":{", "\"details\":[{");
    detailsArray.replace("},\"entityId\"", "}],\"entityId\"");
    QTest::newRow("details not an object") << detailsArray << QStringLiteral("details");
}

void TestAuditChain::jsonLineRefusals()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, field);
    const cx::Result<AuditEntry> parsed = fromJsonLine(line);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().kind, cx::ErrorKind::Malformed);
    QCOMPARE(parsed.error().field, field);
}

QTEST_GUILESS_MAIN(TestAuditChain)
#include "tst_auditchain.moc"
