#include "ChatwootProbeLines.h"
#include "SettingsDialogParts.h"

#include "MessageBanner.h"
#include "chatwoot/ChatwootClient.h"
#include "foundation/EnvSecretStore.h"
#include "foundation/SecretStore.h"
#include "llm/OpenAiClient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

namespace cx::gui {

using namespace settings_ui;

void SettingsDialog::readSecretForTest(
    Secret* secret, QObject* context, std::function<void(QString, QString)> done)
{
    // What the test uses: the value being typed, else the environment's, else the stored one.
    if (!secret->edit->text().isEmpty())
        return done(secret->edit->text(), QString());
    if (auto env = EnvSecretStore::value(secret->key))
        return done(*env, QString());
    if (secret->removePending || secret->state == Secret::State::NotSet)
        return done(QString(), QString());
    m_secrets->read(secret->key, context, [done](Result<QString> value) {
        if (value.ok())
            return done(value.value(), QString());
        done(QString(), value.error().kind == ErrorKind::NotFound ? QString() : value.error().message);
    });
}

// ----- test connection -----

void SettingsDialog::setResult(QLabel* label, const QString& html, Tone tone)
{
    label->setProperty("cxResultHtml", html);
    label->setText(renderMarks(html, palette()));
    applyTone(label, tone);
    QTimer::singleShot(0, this, &SettingsDialog::growToFit);
}

void SettingsDialog::testChatwoot()
{
    const int run = ++m_chatwootRun;
    if (!m_chatwootUrl->valid || !m_accountId->valid || m_chatwootUrl->edit->text().trimmed().isEmpty()
        || m_accountId->edit->text().trimmed().isEmpty()) {
        setResult(m_chatwootResult, tr("Enter a valid Chatwoot URL and account ID first.").toHtmlEscaped(),
            Tone::Bad);
        emit chatwootTestFinished(false);
        return;
    }
    Settings s = m_loaded;
    (void)s.setChatwootBaseUrl(m_chatwootUrl->edit->text());
    (void)s.setChatwootAccountId(m_accountId->edit->text());
    m_testChatwoot->setEnabled(false);
    setResult(m_chatwootResult, tr("Testing %1…").arg(s.chatwootBaseUrl().toString()).toHtmlEscaped(),
        Tone::Neutral);
    const QUrl baseUrl = s.chatwootBaseUrl();
    const qint64 accountId = s.chatwootAccountId();
    readSecretForTest(
        m_chatwootToken, this, [this, run, baseUrl, accountId](QString token, QString tokenError) {
            if (run != m_chatwootRun)
                return;
            auto* client = new chatwoot::ChatwootClient(
                chatwoot::ChatwootConfig { baseUrl, accountId, token }, network(), this);
            RetryPolicy once;
            once.maxAttempts = 1;
            client->setRetryPolicy(once);
            client->setTransferTimeoutMs(15000);
            const bool tokenMissing = token.isEmpty() && tokenError.isEmpty();
            client->healthCheck(
                this, [this, run, client, tokenError, tokenMissing](chatwoot::HealthReport report) {
                    client->deleteLater();
                    if (run != m_chatwootRun)
                        return;
                    m_testChatwoot->setEnabled(true);
                    const bool ok = report.allUp();
                    QString html = ok
                        ? tr("<b>Connected.</b> Chatwoot %1").arg(report.version.toHtmlEscaped())
                        : tr("<b>Connection failed.</b>");
                    html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"0\">");
                    for (const ProbeLine& line : chatwootProbeLines(report, tokenMissing, tokenError))
                        html += QStringLiteral("<tr><td>") + mark(line.good)
                            + QStringLiteral("&nbsp;</td><td>") + line.text.toHtmlEscaped()
                            + QStringLiteral("</td></tr>");
                    html += QStringLiteral("</table>");
                    setResult(m_chatwootResult, html, Tone::Neutral);
                    m_chatwootResult->setToolTip(withoutEnvironmentNames(report.toText()));
                    emit chatwootTestFinished(ok);
                });
        });
}

void SettingsDialog::testModel()
{
    const int run = ++m_modelRun;
    if (m_modelUrl->edit->text().trimmed().isEmpty()) {
        setResult(m_modelResult,
            tr("No model endpoint set: drafts come from the offline drafter (simulated).").toHtmlEscaped(),
            Tone::Neutral);
        emit modelTestFinished(false);
        return;
    }
    if (!m_modelUrl->valid || !m_modelName->valid) {
        setResult(m_modelResult, tr("Enter a valid model endpoint and model name first.").toHtmlEscaped(),
            Tone::Bad);
        emit modelTestFinished(false);
        return;
    }
    Settings s = m_loaded;
    (void)s.setModelBaseUrl(m_modelUrl->edit->text());
    (void)s.setModelName(m_modelName->edit->text());
    llm::OpenAiConfig config;
    config.baseUrl = s.modelBaseUrl();
    config.model = s.modelName();
    config.maxRetries = 0;
    config.transferTimeoutMs = 30000;
    m_testModel->setEnabled(false);
    setResult(m_modelResult,
        tr("Asking %1 at %2…").arg(config.model, config.baseUrl.toString()).toHtmlEscaped(), Tone::Neutral);
    readSecretForTest(m_modelKey, this, [this, run, config](QString key, QString keyError) mutable {
        if (run != m_modelRun)
            return;
        config.apiKey = key;
        auto* client = new llm::OpenAiClient(config, network(), this);
        llm::ChatRequest request;
        request.messages = { { QStringLiteral("user"), QStringLiteral("Reply with the single word OK.") } };
        request.maxCompletionTokens = 16;
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        client->chat(request, this, [this, run, client, timer, keyError, config](Result<llm::ChatResult> r) {
            client->deleteLater();
            if (run != m_modelRun)
                return;
            m_testModel->setEnabled(true);
            QString html;
            if (r.ok()) {
                const QString reply = r->content.trimmed().left(60);
                html = mark(true) + QLatin1Char(' ')
                    + tr("<b>Connected.</b> %1 answered in %2 ms")
                          .arg((r->model.isEmpty() ? config.model : r->model).toHtmlEscaped())
                          .arg(timer->elapsed());
                html += reply.isEmpty() ? tr(" (with no text; finish reason %1)").arg(r->finishReasonText)
                                        : tr(": “%1”").arg(reply.toHtmlEscaped());
            } else {
                const Error& e = r.error();
                QString detail = e.message;
                if (e.httpStatus && !detail.contains(QString::number(e.httpStatus)))
                    detail = QStringLiteral("HTTP %1: ").arg(e.httpStatus) + detail;
                QString why;
                switch (e.kind) {
                case ErrorKind::Unauthorized:
                    why = tr("The API key was refused.");
                    break;
                case ErrorKind::NotFound:
                    why = tr("Check the endpoint (it usually ends in /v1) and the model name.");
                    break;
                case ErrorKind::Network:
                case ErrorKind::Timeout:
                case ErrorKind::Tls:
                    why = tr("The server could not be reached.");
                    break;
                default:
                    break;
                }
                html = mark(false) + QLatin1Char(' ') + tr("<b>Connection failed.</b> ") + why.toHtmlEscaped()
                    + QStringLiteral("<br>") + detail.toHtmlEscaped();
                if (!keyError.isEmpty())
                    html += QStringLiteral("<br>") + tr("API key: %1").arg(keyError).toHtmlEscaped();
            }
            setResult(m_modelResult, html, Tone::Neutral);
            emit modelTestFinished(r.ok());
        });
    });
}

} // namespace cx::gui
