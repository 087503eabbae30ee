#include "SettingsDialogParts.h"

#include "MessageBanner.h"
#include "Translations.h"
#include "foundation/SecretStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace cx::gui {

using namespace settings_ui;

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

} // namespace cx::gui
