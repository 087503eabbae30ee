// An experiment's variant reaches the model: the drafter sends the variant's prompt text and model, records
// its prompt version, and never serves one variant's cached draft to another.
#include "drafting/Drafter.h"
#include "learning/ExperimentPrompts.h"
#include "llm/OpenAiClient.h"
#include "openai/OpenAiSandbox.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTest>
#include <QTimer>

using namespace cx;
using namespace cx::drafting;
using cx::sandbox::OpenAiSandbox;
using cx::sandbox::ScriptedReply;

namespace {
QJsonObject answer()
{
    return { { QStringLiteral("reply"),
                 QStringLiteral("Hello Ana,\n\nItems can be returned within 30 days; start a return on our "
                                "returns page.\n\nKind regards,\nThe Support Team") },
        { QStringLiteral("language"), QStringLiteral("en") },
        { QStringLiteral("citations"), QJsonArray { QStringLiteral("kb-1") } },
        { QStringLiteral("evidence"), QJsonArray {} }, { QStringLiteral("confidence"), 0.7 } };
}

DraftResult run(Drafter& drafter, const QList<ConversationTurn>& turns, const Drafter::Variant& variant)
{
    std::optional<Result<DraftResult>> out;
    QEventLoop loop;
    QObject context;
    drafter.draft(
        turns, &context,
        [&](Result<DraftResult> r) {
            out.emplace(std::move(r));
            loop.quit();
        },
        variant);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (!out)
        loop.exec();
    return out && out->ok() ? out->value() : DraftResult {};
}
} // namespace

class TestExperimentDrafter final : public QObject {
    Q_OBJECT
private slots:
    void variantReachesTheModel()
    {
        OpenAiSandbox server;
        QVERIFY(server.start().ok());
        QNetworkAccessManager nam;
        llm::OpenAiConfig config;
        config.baseUrl = server.baseUrl();
        config.model = QStringLiteral("configured-model");
        config.retrySleepScale = 0;
        config.maxRetries = 0;
        llm::OpenAiClient client(config, &nam);
        for (int i = 0; i < 3; ++i)
            server.enqueue(ScriptedReply::json(answer()));
        Drafter drafter(Drafter::Config {}, &client,
            [](const QString&, const QList<ConversationTurn>&, std::function<void(Retrieval)> done) {
                Retrieval r;
                r.kbVersion = QStringLiteral("kb-1");
                r.confidence = 0.8;
                r.passages = { Passage { QStringLiteral("kb-1"), QStringLiteral("returns"),
                    QStringLiteral("Returns"), QStringLiteral("Items can be returned within 30 days."), 0.9,
                    QString() } };
                done(r);
            });
        const QList<ConversationTurn> turns { { TurnRole::Customer, QStringLiteral("Can I return it?"), false,
            QDateTime::currentDateTimeUtc() } };

        const auto concise = learning::promptPolicy(QStringLiteral("concise-2026-12-06"));
        QVERIFY(concise);
        const DraftResult b = run(drafter, turns, { concise, QStringLiteral("model-b") });
        QCOMPARE(b.promptVersion, QStringLiteral("concise-2026-12-06"));
        auto requests = server.requests(OpenAiSandbox::Endpoint::ChatCompletions);
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.last().json.value(QStringLiteral("model")).toString(), QStringLiteral("model-b"));
        const QString system = requests.last()
                                   .json.value(QStringLiteral("messages"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QStringLiteral("content"))
                                   .toString();
        QVERIFY2(system.contains(QLatin1String("at most three short sentences")), qPrintable(system));

        // The same conversation in the control variant: not B's cached draft, the configured prompt and
        // model.
        const DraftResult a = run(drafter, turns, {});
        QVERIFY(!a.fromCache);
        QCOMPARE(a.promptVersion, DraftPolicy {}.version);
        requests = server.requests(OpenAiSandbox::Endpoint::ChatCompletions);
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.last().json.value(QStringLiteral("model")).toString(),
            QStringLiteral("configured-model"));
        // Same variant again: the cache answers.
        QVERIFY(run(drafter, turns, { concise, QStringLiteral("model-b") }).fromCache);
    }
};

QTEST_GUILESS_MAIN(TestExperimentDrafter)
#include "tst_experimentdrafter.moc"
