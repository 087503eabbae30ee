#include "SettingsDialogParts.h"

#include "MessageBanner.h"
#include "foundation/EnvSecretStore.h"
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

namespace settings_ui {

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
namespace {
const QChar kGoodMark(0xE000);
const QChar kBadMark(0xE001);
} // namespace

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

} // namespace settings_ui

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

} // namespace cx::gui
