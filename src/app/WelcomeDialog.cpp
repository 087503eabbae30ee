#include "WelcomeDialog.h"

#include "SettingsDialog.h"

#include <QCommandLinkButton>
#include <QLabel>
#include <QVBoxLayout>

namespace cx::gui {

WelcomeDialog::WelcomeDialog(SecretStore* secrets, QSettings* store, QWidget* parent)
    : QDialog(parent)
    , m_secrets(secrets)
    , m_store(store)
{
    setObjectName(QStringLiteral("welcomeDialog"));
    setWindowTitle(tr("Welcome to CX Pilot"));

    auto* title = new QLabel(tr("Welcome to CX Pilot"), this);
    title->setObjectName(QStringLiteral("welcomeTitle"));
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    title->setFont(big);

    auto* text = new QLabel(tr("CX Pilot drafts replies to your customers from your knowledge base. A person "
                               "reads, edits and grades every draft, and only an approved reply is sent. "
                               "Connect it to your Chatwoot account, or look around first in a demo with a "
                               "simulated Chatwoot and sample customers: nothing leaves this computer."),
        this);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);

    m_connect = new QCommandLinkButton(
        tr("Connect to Chatwoot"), tr("Enter your Chatwoot address, account ID and API access token."), this);
    m_connect->setObjectName(QStringLiteral("connectChatwootButton"));
    m_connect->setDefault(true);
    m_demo = new QCommandLinkButton(
        tr("Try the demo"), tr("A simulated Chatwoot with sample conversations and customers."), this);
    m_demo->setObjectName(QStringLiteral("tryDemoButton"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(12);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addSpacing(4);
    layout->addWidget(m_connect);
    layout->addWidget(m_demo);

    connect(m_connect, &QCommandLinkButton::clicked, this, &WelcomeDialog::connectToChatwoot);
    connect(m_demo, &QCommandLinkButton::clicked, this, &WelcomeDialog::tryDemo);
    setMinimumWidth(520);
}

WelcomeDialog::~WelcomeDialog() = default;

bool WelcomeDialog::shouldShow(const cx::Settings& settings)
{
    return !settings.isChatwootConfigured();
}

void WelcomeDialog::connectToChatwoot()
{
    if (m_settings) {
        m_settings->raise();
        m_settings->activateWindow();
        return;
    }
    m_settings = new SettingsDialog(m_secrets, m_store, this);
    m_settings->setAttribute(Qt::WA_DeleteOnClose);
    m_settings->showPage(SettingsDialog::Page::Chatwoot);
    connect(m_settings, &SettingsDialog::saved, this, [this](const cx::Settings& settings) {
        m_savedConfigured = settings.isChatwootConfigured();
        emit settingsSaved(settings);
    });
    // The welcome closes once the settings dialog closed after a save that configured Chatwoot.
    connect(m_settings, &QDialog::accepted, this, [this] {
        if (m_savedConfigured)
            accept();
    });
    m_settings->open();
}

void WelcomeDialog::tryDemo()
{
    emit demoRequested();
    accept();
}

} // namespace cx::gui
