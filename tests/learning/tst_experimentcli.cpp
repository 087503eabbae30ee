// `cxpilot experiment start|status|stop|export` as a user runs it: bad input exits 2 naming the option,
// status fills as drafts are graded, the CSV report is written.
#include "learning/ExperimentStore.h"
#include "review/DraftStore.h"
#include "review/LearningSignal.h"
#include "storage/Database.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cx;

class TestExperimentCli final : public QObject {
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
        args << QStringLiteral("--database") << m_url;
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("CXPILOT_DATABASE_URL"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("USER"), QStringLiteral("lead"));
        p.setProcessEnvironment(env);
        p.start(qEnvironmentVariable("CXPILOT_BIN"), args);
        if (!p.waitForFinished(60000))
            p.kill();
        return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError()) };
    }

    // Drafts of the running experiment, graded: variant B's all sent unedited, A's half rejected.
    void gradeDrafts(int perConversationRange)
    {
        auto db = storage::Database::open(m_url);
        QVERIFY(db);
        review::DraftStore drafts(*db.value());
        learning::ExperimentStore experiments(*db.value());
        for (int conv = 1; conv <= perConversationRange; ++conv) {
            review::DraftRecord d;
            d.accountId = 1;
            d.conversationId = conv;
            d.messageId = conv * 10;
            d.content.text = QStringLiteral("Hello, here is the answer to question %1.").arg(conv);
            auto inserted = drafts.insert(d);
            QVERIFY(inserted);
            auto variant = experiments.assignDraft(inserted->id, 1, conv);
            QVERIFY(variant && variant.value());
            const bool sent = variant.value()->label == QLatin1String("B") || conv % 2 == 0;
            auto s = review::captureLearningSignal(*inserted, sent ? d.content.text : QString(), { 4, 4, 5 },
                QStringLiteral("lead"), sent, sent ? QString() : QStringLiteral("off topic"), 0.2);
            QVERIFY(review::SignalStore(*db.value()).saveLearningSignal(s));
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(qEnvironmentVariable("CXPILOT_BIN")), "CXPILOT_BIN not built");
        m_url = QStringLiteral("sqlite://") + m_home.filePath(QStringLiteral("cx.db"));
    }

    void badInputExitsTwoNamingTheOption()
    {
        const QList<QPair<QStringList, QString>> cases {
            { { QStringLiteral("experiment") }, QStringLiteral("start, status, stop or export") },
            { { QStringLiteral("experiment"), QStringLiteral("begin") }, QStringLiteral("begin") },
            { { QStringLiteral("experiment"), QStringLiteral("start"), QStringLiteral("x") },
                QStringLiteral("--variants") },
            { { QStringLiteral("experiment"), QStringLiteral("start"), QStringLiteral("x"),
                  QStringLiteral("--variants"), QStringLiteral("default-2026-11-25,nosuch") },
                QStringLiteral("--variants: \"nosuch\" is not a known prompt version") },
            { { QStringLiteral("experiment"), QStringLiteral("start"), QStringLiteral("x"),
                  QStringLiteral("--variants"), QStringLiteral("default-2026-11-25") },
                QStringLiteral("--variants") },
            { { QStringLiteral("experiment"), QStringLiteral("start"), QStringLiteral("x"),
                  QStringLiteral("--variants"), QStringLiteral("@a,@b"), QStringLiteral("--split"),
                  QStringLiteral("60,60") },
                QStringLiteral("--split") },
            { { QStringLiteral("experiment"), QStringLiteral("start"), QStringLiteral("bad name!"),
                  QStringLiteral("--variants"), QStringLiteral("@a,@b") },
                QStringLiteral("bad name!") },
            { { QStringLiteral("experiment"), QStringLiteral("status"), QStringLiteral("--frob") },
                QStringLiteral("--frob") },
            { { QStringLiteral("experiment"), QStringLiteral("stop"), QStringLiteral("missing") },
                QStringLiteral("missing") },
            { { QStringLiteral("experiment"), QStringLiteral("export"), QStringLiteral("missing") },
                QStringLiteral("--out") },
        };
        for (const auto& [args, named] : cases) {
            const Run r = run(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(" -> ") + r.err));
            QVERIFY2(r.err.contains(named), qPrintable(r.err));
        }
    }

    void startStatusExportStop()
    {
        Run r = run({ QStringLiteral("experiment"), QStringLiteral("start"), QStringLiteral("concise"),
            QStringLiteral("--variants"), QStringLiteral("default-2026-11-25,concise-2026-12-06@gpt-4o-mini"),
            QStringLiteral("--split"), QStringLiteral("50,50") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // A second one while it runs: refused (exit 1), naming the running one.
        r = run({ QStringLiteral("experiment"), QStringLiteral("start"), QStringLiteral("other"),
            QStringLiteral("--variants"), QStringLiteral("@a,@b") });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("concise")), qPrintable(r.err));

        r = run({ QStringLiteral("experiment"), QStringLiteral("status") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("Status: not enough data yet")), qPrintable(r.out));

        gradeDrafts(160);
        r = run({ QStringLiteral("experiment"), QStringLiteral("status"), QStringLiteral("concise"),
            QStringLiteral("--json") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("difference"));
        QVERIFY2(json.value(QStringLiteral("status"))
                     .toString()
                     .startsWith(QLatin1String("B better on approval without major edits with interval [+")),
            qPrintable(json.value(QStringLiteral("status")).toString()));

        const QString csv = m_home.filePath(QStringLiteral("concise.csv"));
        r = run({ QStringLiteral("experiment"), QStringLiteral("export"), QStringLiteral("concise"),
            QStringLiteral("--out"), csv });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile summary(csv);
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const QStringList lines
            = QString::fromUtf8(summary.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 2 * 7); // header, 7 metrics per variant
        QVERIFY(lines.at(8).contains(QLatin1String(",approved_without_major_edits,")));
        QVERIFY(lines.at(8).contains(QLatin1String(",better,")));
        QFile drafts(m_home.filePath(QStringLiteral("concise.drafts.csv")));
        QVERIFY(drafts.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(drafts.readAll()).count(QStringLiteral("\r\n")), 1 + 160);

        const QString pdf = m_home.filePath(QStringLiteral("concise.pdf"));
        r = run({ QStringLiteral("experiment"), QStringLiteral("export"), QStringLiteral("concise"),
            QStringLiteral("--out"), pdf, QStringLiteral("--format"), QStringLiteral("pdf") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile report(pdf);
        QVERIFY(report.open(QIODevice::ReadOnly));
        QVERIFY(report.read(5) == "%PDF-");
        QVERIFY(report.size() > 2000);
        r = run({ QStringLiteral("experiment"), QStringLiteral("export"), QStringLiteral("concise"),
            QStringLiteral("--out"), pdf, QStringLiteral("--format"), QStringLiteral("docx") });
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QLatin1String("--format")));

        r = run({ QStringLiteral("experiment"), QStringLiteral("stop"), QStringLiteral("concise") });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = run({ QStringLiteral("experiment"), QStringLiteral("stop"), QStringLiteral("concise") });
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QLatin1String("already stopped")));
    }
};

QTEST_GUILESS_MAIN(TestExperimentCli)
#include "tst_experimentcli.moc"
