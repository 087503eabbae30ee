// cxpilot draft CONVERSATION_ID [--json] [--post-note] [--index DIR] [--database URL] ...
// A dry run by default: drafts a reply to the conversation's unanswered customer message and prints the six
// outputs. With --post-note it runs the real pipeline: the draft is recorded and posted as a private note.
#include "CliCommand.h"
#include "CliContext.h"
#include "chatwoot/ChatwootClient.h"
#include "drafting/Drafter.h"
#include "foundation/SecretStore.h"
#include "knowledge/KnowledgeBase.h"
#include "llm/OpenAiClient.h"
#include "pipeline/ChatwootPoller.h"
#include "pipeline/DraftPipeline.h"
#include "pipeline/DrafterAdapter.h"
#include "review/DraftStore.h"
#include "storage/Database.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace cx::cli {

namespace {
QString tr(const char* s)
{
    return QCoreApplication::translate("Cli", s);
}

template <typename T, typename Start> T wait(Start start)
{
    QEventLoop loop;
    QObject context;
    std::optional<T> result;
    start(&context, [&](T r) {
        result = std::move(r);
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}

QJsonObject toJson(const review::DraftContent& c, const QString& status)
{
    return { { QStringLiteral("status"), status }, { QStringLiteral("offline"), c.offline },
        { QStringLiteral("reply"), c.text }, { QStringLiteral("sources"), c.sources },
        { QStringLiteral("confidence"), c.confidence ? QJsonValue(*c.confidence) : QJsonValue() },
        { QStringLiteral("tone"), c.tone }, { QStringLiteral("evidence"), c.evidence },
        { QStringLiteral("risk"), c.risk }, { QStringLiteral("model"), c.model },
        { QStringLiteral("prompt_version"), c.promptVariant }, { QStringLiteral("usage"), c.usage },
        { QStringLiteral("note"), c.noteMarkdown } };
}

void printText(const review::DraftContent& c, const QString& status)
{
    QTextStream& o = out();
    o << (c.offline ? tr("OFFLINE DRAFT (no model used — extractive, low confidence)") : tr("DRAFT")) << "  ["
      << status << "]\n\n"
      << c.text << "\n\n";
    o << tr("Confidence: %1").arg(c.confidence ? QString::number(*c.confidence, 'f', 2) : tr("unknown"))
      << "\n";
    o << tr("Risk: %1").arg(c.riskLevel) << "  "
      << QJsonDocument(c.risk.value(QStringLiteral("reasons")).toArray()).toJson(QJsonDocument::Compact)
      << "\n";
    o << tr("Tone: %1")
             .arg(QString::fromUtf8(QJsonDocument(c.tone.value(QStringLiteral("labels")).toArray())
                                        .toJson(QJsonDocument::Compact)))
      << "\n";
    for (const QJsonValue& f : c.tone.value(QStringLiteral("findings")).toArray())
        o << "  - " << f.toObject().value(QStringLiteral("severity")).toString() << ": "
          << f.toObject().value(QStringLiteral("message")).toString() << "\n";
    o << tr("Sources:") << "\n";
    for (const QJsonValue& s : c.sources)
        o << "  [" << s.toObject().value(QStringLiteral("id")).toString() << "] "
          << s.toObject().value(QStringLiteral("title")).toString() << " — "
          << s.toObject().value(QStringLiteral("source")).toString() << "\n";
    o << tr("Evidence:") << "\n";
    for (const QJsonValue& e : c.evidence)
        o << "  " << e.toObject().value(QStringLiteral("claim")).toString() << "  <- "
          << QJsonDocument(e.toObject().value(QStringLiteral("passages")).toArray())
                 .toJson(QJsonDocument::Compact)
          << "\n";
    o << tr("Model: %1, prompt %2").arg(c.model, c.promptVariant) << "\n";
}

int runDraft(const QStringList& args)
{
    const QStringList valued
        = { QStringLiteral("--index"), QStringLiteral("--database"), QStringLiteral("--chatwoot-url"),
              QStringLiteral("--account"), QStringLiteral("--model-url"), QStringLiteral("--model") };
    if (!checkOptions(args, { valued, { QStringLiteral("--json"), QStringLiteral("--post-note") } }))
        return 2;
    bool ok = false;
    const qint64 conversationId = positionals(args, valued).value(0).toLongLong(&ok);
    if (!ok || conversationId <= 0) {
        err() << tr(
            "Usage: cxpilot draft CONVERSATION_ID [--json] [--post-note] [--index DIR] [--database URL]")
              << "\n";
        return 2;
    }
    auto settings = loadSettings(args);
    if (!settings)
        return 2;
    if (!settings->isChatwootConfigured()) {
        err() << tr(
            "Chatwoot is not configured: set CHATWOOT_BASE_URL and CHATWOOT_ACCOUNT_ID (or --chatwoot-url "
            "and --account).")
              << "\n";
        return 2;
    }
    auto token = readSecret(SecretKey::ChatwootApiToken);
    if (!token) {
        err() << tr("No Chatwoot API token: %1").arg(token.error().message) << "\n";
        return 2;
    }
    QNetworkAccessManager network;
    chatwoot::ChatwootClient client(
        { settings->chatwootBaseUrl(), settings->chatwootAccountId(), token.value() }, &network);

    knowledge::KnowledgeBase kb;
    const QString indexDir
        = optionValue(args, QStringLiteral("--index"), knowledge::KnowledgeBase::defaultDirectory());
    if (Status opened = kb.open(indexDir); !opened)
        err() << tr("Knowledge base unavailable (%1): drafting without passages.").arg(opened.error().message)
              << "\n";

    std::unique_ptr<llm::OpenAiClient> model;
    if (settings->modelBaseUrl().isValid()) {
        llm::OpenAiConfig config;
        config.baseUrl = settings->modelBaseUrl();
        config.model = settings->modelName();
        if (auto key = readSecret(SecretKey::OpenAiApiKey))
            config.apiKey = key.value();
        model = std::make_unique<llm::OpenAiClient>(config, &network);
    }
    drafting::Drafter::Config config;
    config.enabled = settings->draftingEnabled();
    drafting::Drafter drafter(config, model.get(), pipeline::knowledgeRetriever(&kb));
    if (!settings->draftingEnabled()) {
        out() << tr("Drafting is switched off (AI_CUSTOMER_DRAFT_ENABLED=false): no draft.") << "\n";
        return 0;
    }

    auto history = wait<Result<chatwoot::ConversationHistory>>(
        [&](QObject* c, auto done) { client.fetchConversation(conversationId, c, done); });
    if (!history) {
        err() << history.error().toString() << "\n";
        return 1;
    }
    const qint64 messageId = pipeline::ChatwootPoller::unansweredCustomerMessage(history->messages);
    if (!messageId) {
        out()
            << tr("Conversation %1 has no unanswered customer message: nothing to draft.").arg(conversationId)
            << "\n";
        return 0;
    }

    review::DraftContent content;
    QString status;
    if (hasFlag(args, QStringLiteral("--post-note"))) {
        const OpenedDatabase db = openDatabase(args);
        if (!db.database)
            return db.exitCode;
        pipeline::DraftPipeline pipe(db.database, &client, pipeline::drafterGenerator(&drafter), {});
        auto outcome = wait<pipeline::DraftPipeline::JobOutcome>(
            [&](QObject* c, auto done) { pipe.generateAndPostDraft(conversationId, messageId, c, done); });
        if (outcome.result != pipeline::DraftPipeline::Result_::Noted) {
            err() << tr("No note posted: %1").arg(outcome.reason) << "\n";
            return outcome.result == pipeline::DraftPipeline::Result_::Failed ? 1 : 0;
        }
        auto stored = review::DraftStore(*db.database).get(outcome.draftId);
        if (!stored) {
            err() << stored.error().toString() << "\n";
            return 1;
        }
        content = stored->content;
        status = tr("posted as a private note, draft %1").arg(outcome.draftId);
    } else {
        auto result = wait<Result<drafting::DraftResult>>([&](QObject* c, auto done) {
            drafter.draft(pipeline::toTurns(history->messages, messageId), c, done);
        });
        if (!result) {
            err() << result.error().toString() << "\n";
            return 1;
        }
        content = pipeline::toDraftContent(result.value());
        status = tr("dry run; %1")
                     .arg(result->statusMessage.isEmpty() ? tr("nothing posted") : result->statusMessage);
    }
    if (hasFlag(args, QStringLiteral("--json")))
        out() << QJsonDocument(toJson(content, status)).toJson(QJsonDocument::Indented);
    else
        printText(content, status);
    return 0;
}

CliRegistration reg({ QStringLiteral("draft"), QStringLiteral("draft CONVERSATION_ID [--json] [--post-note]"),
    QCoreApplication::translate("Cli", "draft a reply (dry run; --post-note posts it as a private note)"),
    runDraft });
} // namespace

} // namespace cx::cli
