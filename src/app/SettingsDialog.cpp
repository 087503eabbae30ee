#include "SettingsDialogParts.h"

#include "MessageBanner.h"
#include "Translations.h"
#include "foundation/SecretStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
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
#include <QUrl>
#include <QVBoxLayout>

#include <optional>

namespace cx::gui {

using namespace settings_ui;

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

// ----- validation -----

Status SettingsDialog::validateExtra(const Field& field, const QString& text) const
{
    if (&field == m_accountId && text.trimmed().isEmpty()) {
        const bool haveUrl = !m_chatwootUrl->edit->text().trimmed().isEmpty();
        if (haveUrl)
            return makeError(ErrorKind::Invalid, tr("Account ID: required with a Chatwoot URL"),
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
