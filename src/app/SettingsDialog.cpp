#include "SettingsDialog.h"

#include "MessageBanner.h"
#include "Translations.h"
#include "chatwoot/ChatwootClient.h"
#include "foundation/EnvSecretStore.h"
#include "foundation/SecretStore.h"
#include "llm/OpenAiClient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <optional>

namespace cx::gui {

namespace {

// Where Settings::save() keeps each setting an environment variable can override. Settings keeps its keys
// private; an overridden value must not be written over the one the user stored (it would outlive the
// variable), so Save puts the stored value back for these keys.
// TODO(lead): move to Settings (e.g. Settings::storeKey(variable)) so this cannot drift.
QString storeKeyFor(const QString& variable)
{
    static const QList<std::pair<QString, QString>> keys = {
        { QString::fromLatin1(Settings::kEnvChatwootBaseUrl), QStringLiteral("chatwoot/baseUrl") },
        { QString::fromLatin1(Settings::kEnvChatwootAccountId), QStringLiteral("chatwoot/accountId") },
        { QString::fromLatin1(Settings::kEnvDraftEnabled), QStringLiteral("drafting/enabled") },
        { QString::fromLatin1(Settings::kEnvModelBaseUrl), QStringLiteral("model/baseUrl") },
        { QString::fromLatin1(Settings::kEnvModelName), QStringLiteral("model/name") },
        { QString::fromLatin1(Settings::kEnvDatabaseUrl), QStringLiteral("database/url") },
        { QString::fromLatin1(Settings::kEnvReviewer), QStringLiteral("review/reviewerName") },
    };
    for (const auto& [env, key] : keys) {
        if (env == variable)
            return key;
    }
    return {};
}

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor toneColor(const QPalette& palette, bool good)
{
    if (isDark(palette))
        return good ? QColor(0x81, 0xc7, 0x84) : QColor(0xff, 0x8a, 0x80);
    return good ? QColor(0x1b, 0x5e, 0x20) : QColor(0xb7, 0x1c, 0x1c);
}

// Results are kept with placeholders for their marks, so a palette change can recolour them.
const QChar kGoodMark(0xE000);
const QChar kBadMark(0xE001);

QString mark(bool good)
{
    return good ? QString(kGoodMark) : QString(kBadMark);
}

QString renderMarks(QString html, const QPalette& palette)
{
    const QString span = QStringLiteral("<span style=\"color:%1\">%2</span>");
    html.replace(kGoodMark, span.arg(toneColor(palette, true).name(), QStringLiteral("\u2713")));
    html.replace(kBadMark, span.arg(toneColor(palette, false).name(), QStringLiteral("\u2717")));
    return html;
}

QLabel* makeWrappedLabel(QWidget* parent, const QString& name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

} // namespace

struct SettingsDialog::Field {
    QString name;
    QString envVariable; // non-empty when the environment overrides this setting
    QLineEdit* edit = nullptr;
    QLabel* error = nullptr;
    QWidget* page = nullptr;
    std::function<Status(Settings&, const QString&)> setter;
    bool valid = true;
};

struct SettingsDialog::Secret {
    enum class State { Checking, Stored, NotSet, Environment, Unavailable, Failed };
    QString key;
    QString envVariable;
    QLineEdit* edit = nullptr;
    QLabel* status = nullptr;
    QPushButton* remove = nullptr;
    State state = State::Checking;
    QString detail; // the store's message for Unavailable / Failed
    QString saveError; // why the last Save could not write or remove it
    bool removePending = false;
};

SettingsDialog::SettingsDialog(SecretStore* secrets, QSettings* store, QWidget* parent)
    : QDialog(parent)
    , m_secrets(secrets)
    , m_store(store)
    , m_loaded(Settings::load(*store))
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));

    m_banner = new MessageBanner(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_tabs->setAccessibleName(tr("Settings pages"));
    m_tabs->addTab(buildChatwootPage(), tr("Chatwoot"));
    m_tabs->addTab(buildModelPage(), tr("Model"));
    m_tabs->addTab(buildReviewPage(), tr("Review && data"));
    m_tabs->addTab(buildTargetsPage(), tr("Targets"));

    auto* buttons = new QDialogButtonBox(this);
    buttons->setObjectName(QStringLiteral("settingsButtons"));
    m_saveButton = buttons->addButton(QDialogButtonBox::Save);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_saveButton, &QPushButton::clicked, this, &SettingsDialog::save);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);

    for (Field* field : std::as_const(m_fields))
        field->edit->setCursorPosition(0); // show where a long value starts
    restyle();
    revalidate();
    loadSecrets();
    setMinimumWidth(660);
    resize(sizeHint());
}

SettingsDialog::~SettingsDialog()
{
    qDeleteAll(m_fields);
    qDeleteAll(m_secretRows);
}

void SettingsDialog::setNetworkAccessManager(QNetworkAccessManager* network)
{
    m_network = network;
}

QNetworkAccessManager* SettingsDialog::network()
{
    if (m_network)
        return m_network;
    if (!m_ownNetwork)
        m_ownNetwork = new QNetworkAccessManager(this);
    return m_ownNetwork;
}

void SettingsDialog::showPage(Page page)
{
    m_tabs->setCurrentIndex(static_cast<int>(page));
}

// ----- building -----

SettingsDialog::Field* SettingsDialog::addField(QWidget* page, QFormLayout* form, const QString& name,
    const QString& label, const char* envVariable, std::function<Status(Settings&, const QString&)> setter,
    const QString& placeholder)
{
    auto* field = new Field;
    field->name = name;
    field->page = page;
    field->setter = std::move(setter);
    if (envVariable && m_loaded.environmentOverrides().contains(QLatin1String(envVariable)))
        field->envVariable = QLatin1String(envVariable);

    auto* box = new QWidget(page);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    field->edit = new QLineEdit(box);
    field->edit->setObjectName(name + QStringLiteral("Edit"));
    field->edit->setAccessibleName(label);
    field->edit->setPlaceholderText(placeholder);
    field->edit->setClearButtonEnabled(true);
    column->addWidget(field->edit);
    field->error = makeWrappedLabel(box, name + QStringLiteral("Error"));
    column->addWidget(field->error);
    if (!field->envVariable.isEmpty()) {
        field->edit->setReadOnly(true);
        field->edit->setClearButtonEnabled(false);
        field->edit->setToolTip(tr("Set by the environment variable %1").arg(field->envVariable));
        QLabel* note = makeWrappedLabel(box, name + QStringLiteral("EnvNote"));
        note->setText(
            tr("Set by the environment variable %1; unset it to change this here.").arg(field->envVariable));
        note->setForegroundRole(QPalette::PlaceholderText);
        note->show();
        column->addWidget(note);
    }
    auto* formLabel = new QLabel(label + QLatin1Char(':'), page);
    formLabel->setBuddy(field->edit);
    form->addRow(formLabel, box);
    connect(field->edit, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
    m_fields.append(field);
    return field;
}

SettingsDialog::Secret* SettingsDialog::addSecret(
    QWidget* page, QFormLayout* form, const QString& name, const QString& label, const QString& key)
{
    auto* secret = new Secret;
    secret->key = key;
    if (EnvSecretStore::value(key))
        secret->envVariable = secretEnvironmentVariable(key);

    auto* box = new QWidget(page);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    auto* row = new QHBoxLayout;
    row->setSpacing(6);
    secret->edit = new QLineEdit(box);
    secret->edit->setObjectName(name + QStringLiteral("Edit"));
    secret->edit->setAccessibleName(label);
    secret->edit->setEchoMode(QLineEdit::Password);
    secret->edit->setAttribute(Qt::WA_InputMethodEnabled, false);
    row->addWidget(secret->edit, 1);
    secret->remove = new QPushButton(tr("Remove"), box);
    secret->remove->setObjectName(name + QStringLiteral("Remove"));
    secret->remove->setAccessibleName(tr("Remove %1").arg(label));
    secret->remove->setToolTip(tr("Delete the stored value from the keychain when you save"));
    secret->remove->setEnabled(false);
    row->addWidget(secret->remove);
    column->addLayout(row);
    secret->status = makeWrappedLabel(box, name + QStringLiteral("Status"));
    secret->status->show();
    column->addWidget(secret->status);
    auto* formLabel = new QLabel(label + QLatin1Char(':'), page);
    formLabel->setBuddy(secret->edit);
    form->addRow(formLabel, box);

    connect(secret->edit, &QLineEdit::textEdited, this, [this, secret] {
        if (!secret->edit->text().isEmpty())
            secret->removePending = false;
        secret->saveError.clear();
        refreshSecret(secret);
    });
    connect(secret->remove, &QPushButton::clicked, this, [this, secret] {
        secret->removePending = true;
        secret->saveError.clear();
        secret->edit->clear();
        refreshSecret(secret);
    });
    m_secretRows.append(secret);
    refreshSecret(secret);
    return secret;
}

QLabel* SettingsDialog::makeResultLabel(QWidget* parent, const QString& name, const QString& accessibleName)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setAccessibleName(accessibleName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setMinimumWidth(260);
    return label;
}

QWidget* SettingsDialog::buildChatwootPage()
{
    auto* page = new QWidget(m_tabs);
    page->setObjectName(QStringLiteral("chatwootPage"));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    layout->addLayout(form);

    m_chatwootUrl = addField(
        page, form, QStringLiteral("chatwootUrl"), tr("Chatwoot URL"), Settings::kEnvChatwootBaseUrl,
        [](Settings& s, const QString& v) { return s.setChatwootBaseUrl(v); },
        tr("https://chat.example.com"));
    m_chatwootUrl->edit->setText(m_loaded.chatwootBaseUrl().toString());
    m_accountId = addField(
        page, form, QStringLiteral("accountId"), tr("Account ID"), Settings::kEnvChatwootAccountId,
        [](Settings& s, const QString& v) {
            return v.trimmed().isEmpty() ? Status(Ok {}) : s.setChatwootAccountId(v);
        },
        tr("the number after /app/accounts/ in Chatwoot's address"));
    if (m_loaded.chatwootAccountId() > 0)
        m_accountId->edit->setText(QString::number(m_loaded.chatwootAccountId()));
    m_chatwootToken = addSecret(
        page, form, QStringLiteral("chatwootToken"), tr("API access token"), SecretKey::ChatwootApiToken);
    addSecret(page, form, QStringLiteral("webhookSecret"), tr("Webhook secret"), SecretKey::WebhookSecret);

    auto* testRow = new QHBoxLayout;
    m_testChatwoot = new QPushButton(tr("Test connection"), page);
    m_testChatwoot->setObjectName(QStringLiteral("testChatwootButton"));
    m_testChatwoot->setAccessibleName(tr("Test the Chatwoot connection"));
    testRow->addWidget(m_testChatwoot, 0, Qt::AlignTop);
    m_chatwootResult
        = makeResultLabel(page, QStringLiteral("chatwootTestResult"), tr("Chatwoot test result"));
    testRow->addWidget(m_chatwootResult, 1);
    form->addRow(QString(), testRow);
    connect(m_testChatwoot, &QPushButton::clicked, this, &SettingsDialog::testChatwoot);
    layout->addStretch(1);
    return page;
}

QWidget* SettingsDialog::buildModelPage()
{
    auto* page = new QWidget(m_tabs);
    page->setObjectName(QStringLiteral("modelPage"));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    layout->addLayout(form);

    auto* draftBox = new QWidget(page);
    auto* draftColumn = new QVBoxLayout(draftBox);
    draftColumn->setContentsMargins(0, 0, 0, 0);
    draftColumn->setSpacing(2);
    m_drafting = new QCheckBox(tr("Draft replies with AI (AI_CUSTOMER_DRAFT_ENABLED)"), draftBox);
    m_drafting->setObjectName(QStringLiteral("draftingEnabledCheck"));
    m_drafting->setChecked(m_loaded.draftingEnabled());
    m_drafting->setToolTip(tr("The rollback switch: off, no draft is made and nothing changes in Chatwoot."));
    draftColumn->addWidget(m_drafting);
    if (m_loaded.environmentOverrides().contains(QLatin1String(Settings::kEnvDraftEnabled))) {
        m_drafting->setEnabled(false);
        m_draftingNote = makeWrappedLabel(draftBox, QStringLiteral("draftingEnabledEnvNote"));
        m_draftingNote->setText(tr("Set by the environment variable %1; unset it to change this here.")
                                    .arg(QLatin1String(Settings::kEnvDraftEnabled)));
        m_draftingNote->setForegroundRole(QPalette::PlaceholderText);
        m_draftingNote->show();
        draftColumn->addWidget(m_draftingNote);
    }
    form->addRow(tr("Drafting:"), draftBox);

    m_modelUrl = addField(
        page, form, QStringLiteral("modelUrl"), tr("Model endpoint"), Settings::kEnvModelBaseUrl,
        [](Settings& s, const QString& v) { return s.setModelBaseUrl(v); },
        tr("empty: offline drafter (simulated)"));
    m_modelUrl->edit->setText(m_loaded.modelBaseUrl().toString());
    m_modelUrl->edit->setToolTip(tr("Any OpenAI-compatible server, e.g. https://api.openai.com/v1 or "
                                    "http://127.0.0.1:11434/v1 (Ollama)."));
    m_modelName = addField(
        page, form, QStringLiteral("modelName"), tr("Model name"), Settings::kEnvModelName,
        [](Settings& s, const QString& v) { return s.setModelName(v); }, tr("gpt-4o-mini"));
    m_modelName->edit->setText(m_loaded.modelName());
    m_modelKey = addSecret(page, form, QStringLiteral("modelApiKey"), tr("API key"), SecretKey::OpenAiApiKey);

    auto* testRow = new QHBoxLayout;
    m_testModel = new QPushButton(tr("Test connection"), page);
    m_testModel->setObjectName(QStringLiteral("testModelButton"));
    m_testModel->setAccessibleName(tr("Test the model endpoint"));
    testRow->addWidget(m_testModel, 0, Qt::AlignTop);
    m_modelResult = makeResultLabel(page, QStringLiteral("modelTestResult"), tr("Model test result"));
    testRow->addWidget(m_modelResult, 1);
    form->addRow(QString(), testRow);
    connect(m_testModel, &QPushButton::clicked, this, &SettingsDialog::testModel);
    layout->addStretch(1);
    return page;
}

QWidget* SettingsDialog::buildReviewPage()
{
    auto* page = new QWidget(m_tabs);
    page->setObjectName(QStringLiteral("reviewPage"));
    auto* layout = new QVBoxLayout(page);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    layout->addLayout(form);

    Field* reviewer = addField(
        page, form, QStringLiteral("reviewerName"), tr("Reviewer name"), Settings::kEnvReviewer,
        [](Settings& s, const QString& v) { return s.setReviewerName(v); },
        tr("who reviews on this computer"));
    reviewer->edit->setText(m_loaded.reviewerName());
    Field* sla = addField(page, form, QStringLiteral("slaMinutes"), tr("SLA (minutes)"), nullptr,
        [](Settings& s, const QString& v) { return s.setSlaMinutes(v); });
    sla->edit->setText(QString::number(m_loaded.slaMinutes()));
    sla->edit->setToolTip(tr("The first reply to a customer is due within this many minutes."));
    Field* ratio = addField(page, form, QStringLiteral("editRatio"), tr("Edit-ratio threshold"), nullptr,
        [](Settings& s, const QString& v) { return s.setEditRatioThreshold(v); });
    ratio->edit->setText(QString::number(m_loaded.editRatioThreshold()));
    ratio->edit->setToolTip(tr("0 to 1: a reply whose edits change less than this share of the draft counts "
                               "as approved without major edits."));
    m_databaseUrl = addField(
        page, form, QStringLiteral("databaseUrl"), tr("Database URL"), Settings::kEnvDatabaseUrl,
        [](Settings& s, const QString& v) { return s.setDatabaseUrl(v); },
        tr("sqlite:///path/cxpilot.db or postgresql://user@host:5432/db"));
    m_databaseUrl->edit->setText(m_loaded.databaseUrl());
    addSecret(
        page, form, QStringLiteral("databasePassword"), tr("Database password"), SecretKey::DatabasePassword);

    // The UI language: each name in its own language, so a user who cannot read the current one finds theirs.
    auto* languageBox = new QWidget(page);
    auto* languageColumn = new QVBoxLayout(languageBox);
    languageColumn->setContentsMargins(0, 0, 0, 0);
    m_language = new QComboBox(languageBox);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->setAccessibleName(tr("Language"));
    m_language->addItem(tr("System language"), QStringLiteral("system"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_language->addItem(QStringLiteral("Español"), QStringLiteral("es"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(Translations::setting(*m_store))));
    languageColumn->addWidget(m_language);
    auto* languageNote = new QLabel(tr("Takes effect the next time CX Pilot starts."), languageBox);
    languageNote->setObjectName(QStringLiteral("languageNote"));
    languageNote->setWordWrap(true);
    languageNote->setForegroundRole(QPalette::PlaceholderText);
    languageColumn->addWidget(languageNote);
    form->addRow(tr("&Language:"), languageBox);
    if (auto* label = qobject_cast<QLabel*>(form->labelForField(languageBox)))
        label->setBuddy(m_language);
    layout->addStretch(1);
    return page;
}

QDoubleSpinBox* SettingsDialog::addTarget(QWidget* page, QFormLayout* form, const QString& name,
    const QString& label, double value, double min, double max, int decimals, const QString& suffix)
{
    auto* spin = new QDoubleSpinBox(page);
    spin->setObjectName(name);
    spin->setAccessibleName(label);
    spin->setRange(min, max);
    spin->setDecimals(decimals);
    spin->setSingleStep(decimals > 0 ? 0.1 : 1.0);
    spin->setSuffix(suffix);
    spin->setValue(value);
    spin->setMinimumWidth(110);
    form->addRow(label + QLatin1Char(':'), spin);
    connect(spin, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::revalidate);
    return spin;
}

QWidget* SettingsDialog::buildTargetsPage()
{
    auto* page = new QWidget(m_tabs);
    page->setObjectName(QStringLiteral("targetsPage"));
    auto* layout = new QVBoxLayout(page);
    auto* intro = new QLabel(tr("The North Star targets the dashboard measures against."), page);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(form);
    const NorthStarTargets& t = m_loaded.targets();
    const QString pct = QStringLiteral(" %");
    m_targets = {
        { addTarget(page, form, QStringLiteral("targetAiDrafted"), tr("Replies drafted by AI, at least"),
              t.aiDraftedPct, 0, 100, 1, pct),
            &NorthStarTargets::aiDraftedPct },
        { addTarget(page, form, QStringLiteral("targetTone"), tr("Average tone grade, at least"), t.tone, 1,
              5, 2, QString()),
            &NorthStarTargets::tone },
        { addTarget(page, form, QStringLiteral("targetAccuracy"), tr("Average accuracy grade, at least"),
              t.accuracy, 1, 5, 2, QString()),
            &NorthStarTargets::accuracy },
        { addTarget(page, form, QStringLiteral("targetPolicy"), tr("Average policy grade, at least"),
              t.policy, 1, 5, 2, QString()),
            &NorthStarTargets::policy },
        { addTarget(page, form, QStringLiteral("targetMedianApproval"), tr("Median approval time, at most"),
              t.medianApprovalMinutes, 1, 24 * 60, 0, tr(" min")),
            &NorthStarTargets::medianApprovalMinutes },
        { addTarget(page, form, QStringLiteral("targetApprovalRate"),
              tr("Approved without major edits, at least"), t.approvalRatePct, 0, 100, 1, pct),
            &NorthStarTargets::approvalRatePct },
        { addTarget(page, form, QStringLiteral("targetSlaGreen"), tr("SLA badge green from"), t.slaGreenPct,
              0, 100, 1, pct),
            &NorthStarTargets::slaGreenPct },
        { addTarget(page, form, QStringLiteral("targetSlaYellow"), tr("SLA badge yellow from"),
              t.slaYellowPct, 0, 100, 1, pct),
            &NorthStarTargets::slaYellowPct },
    };
    m_targetsError = makeWrappedLabel(page, QStringLiteral("targetsError"));
    layout->addWidget(m_targetsError);
    layout->addStretch(1);
    return page;
}

// ----- validation -----

Status SettingsDialog::validateExtra(const Field& field, const QString& text) const
{
    if (&field == m_accountId && text.trimmed().isEmpty()) {
        const bool haveUrl = !m_chatwootUrl->edit->text().trimmed().isEmpty();
        if (haveUrl)
            return makeError(ErrorKind::Invalid, tr("CHATWOOT_ACCOUNT_ID: required with a Chatwoot URL"),
                QStringLiteral("CHATWOOT_ACCOUNT_ID"));
    }
    if (&field == m_databaseUrl) {
        const QUrl url(text.trimmed());
        if (!url.password().isEmpty())
            return makeError(ErrorKind::Invalid,
                tr("database URL: leave the password out of the URL and type it in Database password below: "
                   "it is kept in the keychain, not in the settings file"),
                QStringLiteral("database URL"));
    }
    return Ok {};
}

Status SettingsDialog::validateField(const Field& field) const
{
    if (!field.envVariable.isEmpty())
        return Ok {}; // the environment's value, already validated by Settings::load
    Settings scratch;
    const QString text = field.edit->text();
    const Status st = field.setter(scratch, text);
    if (!st.ok())
        return st;
    return validateExtra(field, text);
}

void SettingsDialog::revalidate()
{
    if (!m_saveButton)
        return; // still building: the constructor validates once everything is there
    QList<QWidget*> badPages;
    bool valid = true;
    for (Field* field : std::as_const(m_fields)) {
        const Status st = validateField(*field);
        field->valid = st.ok();
        field->error->setText(st.ok() ? QString() : st.error().message);
        field->error->setVisible(!st.ok());
        field->edit->setProperty("invalid", !st.ok());
        if (!st.ok()) {
            valid = false;
            badPages.append(field->page);
        }
    }
    double green = 0;
    double yellow = 0;
    for (const auto& [spin, member] : std::as_const(m_targets)) {
        if (member == &NorthStarTargets::slaGreenPct)
            green = spin->value();
        if (member == &NorthStarTargets::slaYellowPct)
            yellow = spin->value();
    }
    const bool targetsOk = yellow <= green;
    m_targetsError->setText(targetsOk
            ? QString()
            : tr("SLA badge: yellow (%1 %) must not be above green (%2 %)").arg(yellow).arg(green));
    m_targetsError->setVisible(!targetsOk);
    if (!targetsOk) {
        valid = false;
        badPages.append(m_tabs->widget(static_cast<int>(Page::Targets)));
    }
    for (int i = 0; i < m_tabs->count(); ++i) {
        const bool bad = badPages.contains(m_tabs->widget(i));
        m_tabs->setTabIcon(i, bad ? style()->standardIcon(QStyle::SP_MessageBoxWarning) : QIcon());
        m_tabs->setTabToolTip(i, bad ? tr("A setting on this page needs attention") : QString());
    }
    m_saveButton->setEnabled(valid && !m_saving);
    if (valid != m_valid) {
        m_valid = valid;
        emit validityChanged(valid);
    }
}

bool SettingsDialog::isValid() const
{
    return m_valid;
}

Result<Settings> SettingsDialog::formSettings() const
{
    Settings s = m_loaded;
    for (const Field* field : m_fields) {
        if (!field->envVariable.isEmpty())
            continue;
        const Status st = validateField(*field);
        if (!st.ok())
            return st.error();
        (void)field->setter(s, field->edit->text());
    }
    if (m_drafting->isEnabled())
        (void)s.setDraftingEnabled(
            m_drafting->isChecked() ? QStringLiteral("true") : QStringLiteral("false"));
    NorthStarTargets targets = s.targets();
    for (const auto& [spin, member] : m_targets)
        targets.*member = spin->value();
    if (targets.slaYellowPct > targets.slaGreenPct)
        return makeError(ErrorKind::Invalid, m_targetsError->text(), QStringLiteral("targets"));
    s.setTargets(targets);
    return s;
}

// ----- looks -----

void SettingsDialog::applyTone(QLabel* label, Tone tone) const
{
    QPalette p = label->palette();
    if (tone == Tone::Neutral)
        p.setColor(QPalette::WindowText, palette().color(QPalette::WindowText));
    else
        p.setColor(QPalette::WindowText, toneColor(palette(), tone == Tone::Good));
    label->setPalette(p);
}

void SettingsDialog::restyle()
{
    for (Field* field : std::as_const(m_fields))
        applyTone(field->error, Tone::Bad);
    applyTone(m_targetsError, Tone::Bad);
    for (Secret* secret : std::as_const(m_secretRows))
        refreshSecret(secret);
    for (QLabel* result : { m_chatwootResult, m_modelResult })
        result->setText(renderMarks(result->property("cxResultHtml").toString(), palette()));
}

void SettingsDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_targetsError)
        restyle();
}

// ----- secrets -----

void SettingsDialog::loadSecrets()
{
    for (Secret* secret : std::as_const(m_secretRows)) {
        if (!secret->envVariable.isEmpty()) {
            secret->state = Secret::State::Environment;
            refreshSecret(secret);
            continue;
        }
        m_secrets->read(secret->key, this, [this, secret](Result<QString> value) {
            // The value itself is dropped at once: the dialog only says whether there is one.
            if (value.ok()) {
                secret->state = Secret::State::Stored;
            } else if (value.error().kind == ErrorKind::NotFound) {
                secret->state = Secret::State::NotSet;
            } else {
                secret->state = value.error().kind == ErrorKind::Unavailable ? Secret::State::Unavailable
                                                                             : Secret::State::Failed;
                secret->detail = value.error().message;
                showBanner(MessageBanner::Kind::Warning, value.error().message);
            }
            refreshSecret(secret);
        });
    }
}

void SettingsDialog::setSecretStatus(Secret* secret, const QString& text, Tone tone, const QString& toolTip)
{
    secret->status->setText(text);
    secret->status->setToolTip(toolTip);
    applyTone(secret->status, tone);
}

void SettingsDialog::refreshSecret(Secret* secret)
{
    using State = Secret::State;
    const bool env = secret->state == State::Environment;
    secret->edit->setEnabled(!env && !m_saving);
    secret->remove->setEnabled(secret->state == State::Stored && !secret->removePending && !m_saving);
    switch (secret->state) {
    case State::Checking:
        secret->edit->setPlaceholderText(QString());
        break;
    case State::Stored:
        secret->edit->setPlaceholderText(tr("stored — type a new value to replace it"));
        break;
    case State::NotSet:
    case State::Unavailable:
    case State::Failed:
        secret->edit->setPlaceholderText(tr("type a value to store it"));
        break;
    case State::Environment:
        secret->edit->setPlaceholderText(tr("set by %1").arg(secret->envVariable));
        break;
    }
    if (env)
        return setSecretStatus(secret, tr("From environment %1").arg(secret->envVariable), Tone::Neutral,
            tr("The environment variable wins over the keychain; unset it to manage this secret here."));
    if (!secret->saveError.isEmpty())
        return setSecretStatus(secret, tr("Not saved: %1").arg(secret->saveError), Tone::Bad);
    if (secret->removePending)
        return setSecretStatus(secret, tr("Will be removed from the keychain when you save"), Tone::Neutral);
    if (!secret->edit->text().isEmpty())
        return setSecretStatus(secret,
            secret->state == State::Stored ? tr("New value: replaces the stored one when you save")
                                           : tr("New value: stored in the keychain when you save"),
            Tone::Neutral);
    switch (secret->state) {
    case State::Checking:
        return setSecretStatus(secret, tr("Checking the keychain…"), Tone::Neutral);
    case State::Stored:
        return setSecretStatus(secret, tr("Stored in keychain"), Tone::Good);
    case State::NotSet:
        return setSecretStatus(secret, tr("Not set"), Tone::Neutral);
    case State::Unavailable:
        return setSecretStatus(secret, tr("Keychain not available"), Tone::Bad, secret->detail);
    case State::Failed:
        return setSecretStatus(secret, tr("Could not read the keychain: %1").arg(secret->detail), Tone::Bad);
    case State::Environment:
        break;
    }
}

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

void SettingsDialog::showBanner(MessageBanner::Kind kind, const QString& text)
{
    m_banner->showMessage(kind, text);
    QTimer::singleShot(0, this, &SettingsDialog::growToFit);
}

void SettingsDialog::growToFit()
{
    // Wrapped labels (results, messages) need more height than the layout's minimum size tells the window.
    const int wanted = layout()->totalHeightForWidth(width());
    int available = wanted;
    if (const QScreen* s = screen())
        available = s->availableGeometry().height() - 80;
    if (wanted > height())
        resize(width(), std::min(wanted, available));
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
            client->healthCheck(this, [this, run, client, tokenError](chatwoot::HealthReport report) {
                client->deleteLater();
                if (run != m_chatwootRun)
                    return;
                m_testChatwoot->setEnabled(true);
                const bool ok = report.allUp();
                QString html = ok ? tr("<b>Connected.</b> Chatwoot %1").arg(report.version.toHtmlEscaped())
                                  : tr("<b>Connection failed.</b>");
                auto row = [](bool good, const QString& text) -> QString {
                    return QStringLiteral("<tr><td>") + mark(good) + QStringLiteral("&nbsp;</td><td>")
                        + text.toHtmlEscaped() + QStringLiteral("</td></tr>");
                };
                html += QStringLiteral("<table cellspacing=\"0\" cellpadding=\"0\">");
                if (!tokenError.isEmpty())
                    html += row(false, tr("API token: %1").arg(tokenError));
                for (const chatwoot::HealthProbe& p : report.probes) {
                    if (p.state == chatwoot::HealthProbe::State::Skipped)
                        continue;
                    const bool up = p.state != chatwoot::HealthProbe::State::Down;
                    QString line = p.path + QStringLiteral(" — ");
                    if (!up && p.httpStatus && !p.detail.contains(QString::number(p.httpStatus)))
                        line += QStringLiteral("HTTP %1: ").arg(p.httpStatus);
                    line += p.detail;
                    html += row(up, line);
                }
                html += QStringLiteral("</table>");
                setResult(m_chatwootResult, html, Tone::Neutral);
                m_chatwootResult->setToolTip(report.toText());
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

// ----- saving -----

void SettingsDialog::save()
{
    if (m_saving)
        return;
    revalidate();
    const Result<Settings> form = formSettings();
    if (!m_valid || !form.ok()) {
        showBanner(MessageBanner::Kind::Error,
            form.ok() ? tr("Some settings need attention.") : form.error().message);
        return;
    }
    // An environment variable's value is not the user's: keep what the file held for those keys.
    QList<std::pair<QString, std::optional<QVariant>>> kept;
    for (const QString& variable : m_loaded.environmentOverrides()) {
        const QString key = storeKeyFor(variable);
        if (!key.isEmpty())
            kept.append({ key, m_store->contains(key) ? std::optional(m_store->value(key)) : std::nullopt });
    }
    const Status written = form->save(*m_store);
    Translations::setSetting(*m_store, m_language->currentData().toString());
    for (const auto& [key, value] : kept) {
        if (value)
            m_store->setValue(key, *value);
        else
            m_store->remove(key);
    }
    m_store->sync();
    if (!written.ok() || m_store->status() != QSettings::NoError) {
        showBanner(MessageBanner::Kind::Error,
            written.ok() ? tr("The settings file could not be written: %1").arg(m_store->fileName())
                         : written.error().message);
        return;
    }
    m_saving = true;
    m_saveButton->setEnabled(false);
    saveSecrets(form.value());
}

void SettingsDialog::saveSecrets(Settings settings)
{
    struct Pending {
        int count = 0;
        QStringList failures;
    };
    auto pending = std::make_shared<Pending>();
    QList<Secret*> changes;
    for (Secret* secret : std::as_const(m_secretRows)) {
        if (secret->state == Secret::State::Environment)
            continue;
        if (secret->removePending || !secret->edit->text().isEmpty())
            changes.append(secret);
    }
    pending->count = int(changes.size());
    for (Secret* secret : std::as_const(changes))
        secret->saveError.clear();
    for (Secret* secret : std::as_const(m_secretRows))
        refreshSecret(secret); // disables editing while saving
    if (changes.isEmpty())
        return finishSave(settings, {});
    for (Secret* secret : std::as_const(changes)) {
        const bool removing = secret->removePending;
        auto done = [this, secret, removing, pending, settings](Status st) {
            if (st.ok() || (removing && st.error().kind == ErrorKind::NotFound)) {
                secret->state = removing ? Secret::State::NotSet : Secret::State::Stored;
                secret->removePending = false;
                secret->edit->clear();
            } else {
                pending->failures.append(st.error().message);
                secret->saveError = st.error().message;
            }
            if (--pending->count == 0)
                finishSave(settings, pending->failures);
        };
        if (removing)
            m_secrets->remove(secret->key, this, done);
        else
            m_secrets->write(secret->key, secret->edit->text(), this, done);
    }
}

void SettingsDialog::finishSave(const Settings& settings, const QStringList& failures)
{
    m_saving = false;
    for (Secret* secret : std::as_const(m_secretRows))
        refreshSecret(secret);
    revalidate();
    emit saved(settings);
    if (!failures.isEmpty()) {
        showBanner(MessageBanner::Kind::Error,
            tr("The settings were saved, but a secret was not: %1").arg(failures.join(QLatin1Char(' '))));
        return;
    }
    accept();
}

} // namespace cx::gui
