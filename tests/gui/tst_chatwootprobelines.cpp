// What Settings › Test connection lists for Chatwoot: each check once, in words, without environment-variable
// names; an unreachable server is one line.
#include "ChatwootProbeLines.h"

#include <QTest>

using namespace cx::gui;
using cx::chatwoot::HealthProbe;
using cx::chatwoot::HealthReport;

namespace {
HealthProbe probe(const char* name, HealthProbe::State state, const QString& detail, int http = 0)
{
    HealthProbe p;
    p.name = QLatin1String(name);
    p.path = QStringLiteral("/") + p.name;
    p.state = state;
    p.detail = detail;
    p.httpStatus = http;
    return p;
}

QString joined(const QList<ProbeLine>& lines)
{
    QStringList texts;
    for (const ProbeLine& l : lines)
        texts << l.text;
    return texts.join(QLatin1Char('\n'));
}
} // namespace

class TestChatwootProbeLines final : public QObject {
    Q_OBJECT
private slots:
    void unreachableIsOneLine()
    {
        HealthReport r;
        r.baseUrl = QUrl(QStringLiteral("https://chat.example.com"));
        const QString refused = QStringLiteral("Connection refused");
        for (const char* name : { "health", "rails-health", "api", "profile", "account" })
            r.probes.append(probe(name, HealthProbe::State::Down, refused));
        const QList<ProbeLine> lines = chatwootProbeLines(r, false, {});
        QCOMPARE(lines.size(), 1);
        QVERIFY(!lines.first().good);
        QCOMPARE(lines.first().text,
            QStringLiteral("Chatwoot could not be reached at chat.example.com: Connection refused"));
    }

    void missingTokenSaidOnceWithoutEnvironmentNames()
    {
        HealthReport r;
        r.baseUrl = QUrl(QStringLiteral("https://chat.example.com"));
        r.probes = { probe("health", HealthProbe::State::Up, QStringLiteral("alive")),
            probe("rails-health", HealthProbe::State::Skipped, QStringLiteral("not needed")),
            probe("api", HealthProbe::State::Up, QStringLiteral("version 3.1, Redis ok, Postgres ok")),
            probe("profile", HealthProbe::State::Down,
                QStringLiteral("no API token configured (CHATWOOT_API_KEY or the keychain)")),
            probe("account", HealthProbe::State::Down, QStringLiteral("no API token configured")) };
        const QList<ProbeLine> lines = chatwootProbeLines(r, true, {});
        const QString text = joined(lines);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0), (ProbeLine { true, QStringLiteral("Server: alive") }));
        QVERIFY(lines.at(1).good);
        QVERIFY(!lines.at(2).good);
        QCOMPARE(text.count(QStringLiteral("API token")), 1);
        QVERIFY2(!text.contains(QLatin1String("CHATWOOT_")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1Char('/')), qPrintable(text)); // words, not URL paths
    }

    void httpFailuresStayPerProbe()
    {
        HealthReport r;
        r.probes = { probe("health", HealthProbe::State::Up, QStringLiteral("alive")),
            probe("api", HealthProbe::State::Up, QStringLiteral("version 3.1")),
            probe("profile", HealthProbe::State::Down, QStringLiteral("unauthorized"), 401),
            probe("account", HealthProbe::State::Down, QStringLiteral("unauthorized"), 401) };
        const QList<ProbeLine> lines = chatwootProbeLines(r, false, {});
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.at(2).text, QStringLiteral("API token: HTTP 401: unauthorized"));
        QCOMPARE(lines.at(3).text, QStringLiteral("Account: HTTP 401: unauthorized"));
    }

    void environmentNamesRemoved()
    {
        QCOMPARE(withoutEnvironmentNames(
                     QStringLiteral("no account id configured (CHATWOOT_ACCOUNT_ID or --account)")),
            QStringLiteral("no account id configured"));
        QCOMPARE(withoutEnvironmentNames(QStringLiteral("set OPENAI_API_KEY first")),
            QStringLiteral("set the setting first"));
        QCOMPARE(withoutEnvironmentNames(QStringLiteral("HTTP 401: unauthorized")),
            QStringLiteral("HTTP 401: unauthorized"));
    }
};

QTEST_MAIN(TestChatwootProbeLines)
#include "tst_chatwootprobelines.moc"
