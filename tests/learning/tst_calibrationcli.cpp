// `cxpilot calibration` as a user runs it (the built binary, SQLite): start by sampling, list the items
// without grades, grade as two reviewers, refuse bad input with exit 2 naming the option, close, read the
// results.
#include "review/LearningSignal.h"
#include "storage/Database.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace cx;
using namespace Qt::StringLiterals;

class TestCalibrationCli final : public QObject {
    Q_OBJECT

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };

    QTemporaryDir m_home;
    QString m_url;

    Run run(QStringList args)
    {
        args << u"--database"_s << m_url;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"CXPILOT_DATABASE_URL"_s);
        env.insert(u"XDG_CONFIG_HOME"_s, m_home.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, m_home.filePath(u"data"_s));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("CXPILOT_BIN"), args);
        if (!p.waitForFinished(60000))
            p.kill();
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()) };
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("CXPILOT_BIN")), "CXPILOT_BIN not built");
        m_url = u"sqlite://"_s + m_home.filePath(u"cal.db"_s);
        auto db = storage::Database::open(m_url);
        QVERIFY(db);
        for (int i = 0; i < 8; ++i) {
            review::LearningSignal s;
            s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            s.draftId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            s.conversationId = QString::number(i);
            s.inboxId = 1 + i % 2;
            s.customerMessage = u"Question %1"_s.arg(i);
            s.draftText = u"Draft %1"_s.arg(i);
            s.finalText = u"Answer %1"_s.arg(i);
            s.grades = { 1 + i % 5, 1 + (i + 1) % 5, 1 + (i + 2) % 5 };
            s.approved = true;
            s.gradedBy = u"Olive Original"_s;
            s.gradedAt = QDateTime::currentDateTimeUtc().addDays(-2);
            QVERIFY(review::SignalStore(*db.value()).saveLearningSignal(s).ok());
        }
    }

    void badInputExitsTwoNamingTheOption_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("no action") << QStringList { u"calibration"_s } << u"Usage"_s;
        QTest::newRow("unknown action") << QStringList { u"calibration"_s, u"begin"_s } << u"Usage"_s;
        QTest::newRow("unknown option")
            << QStringList { u"calibration"_s, u"status"_s, u"--bogus"_s, u"1"_s } << u"--bogus"_s;
        QTest::newRow("no name") << QStringList { u"calibration"_s, u"start"_s, u"--lead"_s, u"Lena Lead"_s,
            u"--sample"_s, u"4"_s }
                                 << u"--name"_s;
        QTest::newRow("sample and items") << QStringList { u"calibration"_s, u"start"_s, u"--name"_s, u"W"_s,
            u"--lead"_s, u"Lena Lead"_s, u"--sample"_s, u"4"_s, u"--items"_s, u"a,b"_s }
                                          << u"--sample"_s;
        QTest::newRow("sample not a number") << QStringList { u"calibration"_s, u"start"_s, u"--name"_s,
            u"W"_s, u"--lead"_s, u"Lena Lead"_s, u"--sample"_s, u"many"_s }
                                             << u"--sample"_s;
        QTest::newRow("sample too small") << QStringList { u"calibration"_s, u"start"_s, u"--name"_s, u"W"_s,
            u"--lead"_s, u"Lena Lead"_s, u"--sample"_s, u"1"_s }
                                          << u"--sample"_s;
        QTest::newRow("placeholder lead") << QStringList { u"calibration"_s, u"start"_s, u"--name"_s, u"W"_s,
            u"--lead"_s, u"unknown"_s, u"--sample"_s, u"4"_s }
                                          << u"--lead"_s;
        QTest::newRow("bad item id") << QStringList { u"calibration"_s, u"start"_s, u"--name"_s, u"W"_s,
            u"--lead"_s, u"Lena Lead"_s, u"--items"_s, u"x,y"_s }
                                     << u"--items"_s;
        QTest::newRow("unknown session")
            << QStringList { u"calibration"_s, u"items"_s, u"--id"_s, u"nope"_s } << u"--id"_s;
        QTest::newRow("grade without session") << QStringList { u"calibration"_s, u"grade"_s } << u"--id"_s;
    }
    void badInputExitsTwoNamingTheOption()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const Run r = run(args);
        QVERIFY2(r.code == 2, qPrintable(QString::number(r.code) + u" "_s + r.err));
        QVERIFY2(r.err.contains(named), qPrintable(r.err));
    }

    void sessionThroughTheCommandLine()
    {
        const Run started = run({ u"calibration"_s, u"start"_s, u"--name"_s, u"Week 1"_s, u"--lead"_s,
            u"Lena Lead"_s, u"--sample"_s, u"4"_s, u"--seed"_s, u"5"_s });
        QVERIFY2(started.code == 0, qPrintable(started.err));
        const auto m = QRegularExpression(u"session ([0-9a-f-]{36}) started with 4"_s).match(started.out);
        QVERIFY2(m.hasMatch(), qPrintable(started.out));
        const QString sid = m.captured(1);

        const Run items = run({ u"calibration"_s, u"items"_s, u"--id"_s, sid });
        QCOMPARE(items.code, 0);
        QCOMPARE(items.out.count(u"Reply "_s), 4);
        QVERIFY(!items.out.contains(u"Olive"_s)); // blind

        const auto grade = [&](const QString& who, int item, const QString& tone) {
            return run({ u"calibration"_s, u"grade"_s, u"--id"_s, sid, u"--reviewer"_s, who, u"--item"_s,
                QString::number(item), u"--tone"_s, tone, u"--accuracy"_s, u"3"_s, u"--policy"_s, u"4"_s });
        };
        const Run badTone = grade(u"Lena Lead"_s, 1, u"6"_s);
        QCOMPARE(badTone.code, 2);
        QVERIFY2(badTone.err.contains(u"--tone"_s), qPrintable(badTone.err));
        const Run badItem = grade(u"Lena Lead"_s, 9, u"3"_s);
        QCOMPARE(badItem.code, 2);
        QVERIFY2(badItem.err.contains(u"--item"_s), qPrintable(badItem.err));
        for (int i = 1; i <= 4; ++i) {
            QCOMPARE(grade(u"Lena Lead"_s, i, QString::number(i)).code, 0);
            QCOMPARE(grade(u"Bo Brown"_s, i, QString::number(std::min(i + 1, 5))).code, 0);
        }
        const Run twice = grade(u"Bo Brown"_s, 1, u"2"_s);
        QCOMPARE(twice.code, 1); // a refusal, not bad syntax
        QVERIFY2(twice.err.contains(u"already graded"_s), qPrintable(twice.err));

        const Run open = run({ u"calibration"_s, u"status"_s, u"--id"_s, sid });
        QCOMPARE(open.code, 0);
        QVERIFY(open.out.contains(u"Bo Brown: graded 4 of 4"_s));
        QVERIFY(!open.out.contains(u"alpha"_s)); // blind until closed

        QCOMPARE(run({ u"calibration"_s, u"close"_s, u"--id"_s, sid, u"--lead"_s, u"Bo Brown"_s }).code, 1);
        const Run closed = run({ u"calibration"_s, u"close"_s, u"--id"_s, sid, u"--lead"_s, u"Lena Lead"_s });
        QVERIFY2(closed.code == 0, qPrintable(closed.err));
        QVERIFY(closed.out.contains(u"Krippendorff's alpha"_s));
        // Bo is one point above Lena on tone except where Lena gave 4 and Bo 5 (capped): leniency +1.
        QVERIFY2(closed.out.contains(QRegularExpression(u"Bo Brown\\ttone\\t\\+1\\.00"_s)),
            qPrintable(closed.out));
        QVERIFY(
            closed.out.contains(u"Lena Lead / Bo Brown"_s) || closed.out.contains(u"Bo Brown / Lena Lead"_s));
        const Run list = run({ u"calibration"_s, u"status"_s });
        QVERIFY(list.out.contains(sid + u"\tclosed\tLena Lead\t4\tWeek 1"_s));
    }
};

QTEST_GUILESS_MAIN(TestCalibrationCli)
#include "tst_calibrationcli.moc"
