#pragma once

#include "MessageBanner.h"
#include "foundation/Result.h"
#include "foundation/Settings.h"

#include <QDialog>
#include <QList>
#include <QPointer>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QSettings;
class QTabWidget;

namespace cx {
class SecretStore;
}

namespace cx::gui {

// Every setting of cx::Settings in one dialog, with inline validation (the Settings setters' messages, next
// to the field; Save disabled while any field is invalid), settings overridden by environment variables shown
// read-only with the variable's name, secrets kept in the SecretStore (the field says whether one is stored,
// never shows it; typing replaces it on Save; Remove deletes it on Save), and an asynchronous "Test
// connection" for Chatwoot and for the model endpoint, whose result shows next to its button.
//
// Nothing is written before Save: then the QSettings file (never a secret), then the secrets, then saved().
// The implementation is split by job over four files, listed in SettingsDialogParts.h.
class SettingsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    enum class Page { Chatwoot, Model, Review, Targets };

    // `secrets` and `store` must outlive the dialog. The form starts from Settings::load(*store).
    SettingsDialog(SecretStore* secrets, QSettings* store, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    // Optional: the network access manager for "Test connection" (default: one owned by the dialog).
    void setNetworkAccessManager(QNetworkAccessManager* network);
    void showPage(Page page);

    bool isValid() const;
    // The settings the form describes (environment overrides included), or the first invalid field's error.
    Result<Settings> formSettings() const;

public Q_SLOTS:
    void save();
    void testChatwoot();
    void testModel();

Q_SIGNALS:
    // After Save wrote the settings file and every secret change succeeded.
    void saved(const cx::Settings& settings);
    void validityChanged(bool valid);
    void chatwootTestFinished(bool ok);
    void modelTestFinished(bool ok);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Field;
    struct Secret;
    enum class Tone { Neutral, Good, Bad };

    QWidget* buildChatwootPage();
    QWidget* buildModelPage();
    QWidget* buildReviewPage();
    QWidget* buildTargetsPage();
    Field* addField(QWidget* page, QFormLayout* form, const QString& name, const QString& label,
        const char* envVariable, std::function<Status(Settings&, const QString&)> setter,
        const QString& placeholder = {});
    Secret* addSecret(
        QWidget* page, QFormLayout* form, const QString& name, const QString& label, const QString& key);
    QDoubleSpinBox* addTarget(QWidget* page, QFormLayout* form, const QString& name, const QString& label,
        double value, double min, double max, int decimals, const QString& suffix);
    QLabel* makeResultLabel(QWidget* parent, const QString& name, const QString& accessibleName);

    void loadSecrets();
    void refreshSecret(Secret* secret);
    void setSecretStatus(Secret* secret, const QString& text, Tone tone, const QString& toolTip = {});
    void revalidate();
    Status validateField(const Field& field) const;
    Status validateExtra(const Field& field, const QString& text) const;
    void applyTone(QLabel* label, Tone tone) const;
    void restyle();
    void readSecretForTest(Secret* secret, QObject* context, std::function<void(QString, QString)> done);
    void setResult(QLabel* label, const QString& html, Tone tone);
    void growToFit();
    void showBanner(MessageBanner::Kind kind, const QString& text);
    void saveSecrets(Settings settings);
    void finishSave(const Settings& settings, const QStringList& failures);
    QNetworkAccessManager* network();

    SecretStore* m_secrets;
    QSettings* m_store;
    Settings m_loaded;
    QPointer<QNetworkAccessManager> m_network;
    QNetworkAccessManager* m_ownNetwork = nullptr;

    QTabWidget* m_tabs = nullptr;
    MessageBanner* m_banner = nullptr;
    QPushButton* m_saveButton = nullptr;
    QList<Field*> m_fields;
    QList<Secret*> m_secretRows;
    Field* m_chatwootUrl = nullptr;
    Field* m_accountId = nullptr;
    Field* m_modelUrl = nullptr;
    Field* m_modelName = nullptr;
    Field* m_databaseUrl = nullptr;
    Secret* m_chatwootToken = nullptr;
    Secret* m_modelKey = nullptr;
    QCheckBox* m_drafting = nullptr;
    QComboBox* m_language = nullptr;
    QLabel* m_draftingNote = nullptr;
    QList<std::pair<QDoubleSpinBox*, double NorthStarTargets::*>> m_targets;
    QLabel* m_targetsError = nullptr;
    QPushButton* m_testChatwoot = nullptr;
    QPushButton* m_testModel = nullptr;
    QLabel* m_chatwootResult = nullptr;
    QLabel* m_modelResult = nullptr;
    bool m_valid = true;
    bool m_saving = false;
    int m_chatwootRun = 0;
    int m_modelRun = 0;
};

} // namespace cx::gui
