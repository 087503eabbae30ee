// HITL guard: the public-reply call of the Chatwoot client is private, befriended only by the outbox (the
// compiler enforces that); this test makes sure no other source even names it, so a new friend or a
// wrapper cannot slip in unnoticed.
#include "TestSupport.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

class TestPublicReplyGuard final : public QObject {
    Q_OBJECT
private slots:
    void onlyTheOutboxCallsSendPublicReply()
    {
        const QString src = cx::test::sourceDir() + QStringLiteral("/src");
        QVERIFY(QFileInfo::exists(src + QStringLiteral("/core/review/Outbox.cpp")));
        // Where the name may appear: its declaration and definition, and the one caller.
        const QStringList allowed = { QStringLiteral("core/chatwoot/ChatwootClient.h"),
            QStringLiteral("core/chatwoot/ChatwootClient.cpp"), QStringLiteral("core/review/Outbox.h"),
            QStringLiteral("core/review/Outbox.cpp") };
        static const QRegularExpression call(QStringLiteral("\\bsendPublicReply\\b"));
        static const QRegularExpression friendDecl(QStringLiteral("\\bfriend\\b[^;]*;"));
        QStringList offenders;
        int callsInOutbox = 0;
        QDirIterator it(src, { QStringLiteral("*.h"), QStringLiteral("*.cpp") }, QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            const QString rel = QDir(src).relativeFilePath(path);
            const int n = static_cast<int>(text.count(call));
            if (rel == QLatin1String("core/review/Outbox.cpp"))
                callsInOutbox = n;
            if (n > 0 && !allowed.contains(rel))
                offenders << rel;
            if (rel == QLatin1String("core/chatwoot/ChatwootClient.h")) {
                // The client befriends exactly the outbox (and the test probe, which lives in tests/).
                QStringList friends;
                auto m = friendDecl.globalMatch(text);
                while (m.hasNext())
                    friends << m.next().captured(0).simplified();
                QCOMPARE(friends,
                    QStringList({ QStringLiteral("friend class cx::review::Outbox;"),
                        QStringLiteral("friend struct cx::test::PublicReplyProbe;") }));
                const qsizetype decl = text.indexOf(call);
                const qsizetype privateAt = text.lastIndexOf(QLatin1String("private:"), decl);
                const qsizetype publicAt = text.lastIndexOf(QLatin1String("public:"), decl);
                QVERIFY2(privateAt > publicAt, "sendPublicReply must be declared private");
            }
        }
        QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join(QLatin1String(", "))));
        QCOMPARE(callsInOutbox, 1);
    }
};

QTEST_GUILESS_MAIN(TestPublicReplyGuard)
#include "tst_publicreplyguard.moc"
