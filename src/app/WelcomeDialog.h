#pragma once

#include "foundation/Settings.h"

#include <QDialog>
#include <QPointer>

class QCommandLinkButton;
class QSettings;

namespace cx {
class SecretStore;
}

namespace cx::gui {

class SettingsDialog;

// The first start with nothing configured: one paragraph and two big buttons. "Connect to Chatwoot" opens
// the settings dialog on its Chatwoot page (a saved configuration closes the welcome with settingsSaved());
// "Try the demo" emits demoRequested() and closes (the caller restarts into demo mode).
class WelcomeDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomeDialog)

public:
    // `secrets` and `store` are handed to the settings dialog; they must outlive this dialog.
    WelcomeDialog(SecretStore* secrets, QSettings* store, QWidget* parent = nullptr);
    ~WelcomeDialog() override;

    // True when the welcome should open at start: Chatwoot is not configured.
    static bool shouldShow(const cx::Settings& settings);

    // The settings dialog "Connect to Chatwoot" opened, while it is open (for tests and the caller).
    SettingsDialog* settingsDialog() const { return m_settings; }

public Q_SLOTS:
    void connectToChatwoot();
    void tryDemo();

Q_SIGNALS:
    void demoRequested();
    void settingsSaved(const cx::Settings& settings);

private:
    SecretStore* m_secrets;
    QSettings* m_store;
    QCommandLinkButton* m_connect;
    QCommandLinkButton* m_demo;
    QPointer<SettingsDialog> m_settings;
    bool m_savedConfigured = false;
};

} // namespace cx::gui
