#pragma once
// Internal to SettingsDialog (not installed, not used elsewhere): the row records the dialog keeps for each
// field and secret, and the small helpers its files share. The dialog is split by job:
//   SettingsDialog.cpp          construction, validation, looks, saving
//   SettingsFormRows.cpp        building one field/secret/target row; the keychain state of a secret row
//   SettingsPages.cpp           the pages (Chatwoot, model, review & data, targets)
//   SettingsConnectionTest.cpp  "Test connection" for Chatwoot and for the model endpoint

#include "SettingsDialog.h"

#include <QColor>
#include <QPalette>
#include <QString>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

namespace cx::gui {

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

namespace settings_ui {

// Where Settings::save() keeps the setting an environment variable can override (empty if none).
QString storeKeyFor(const QString& variable);
bool isDark(const QPalette& palette);
QColor toneColor(const QPalette& palette, bool good);
// A result's good/bad mark, kept as a placeholder so a palette change can recolour it (renderMarks).
QString mark(bool good);
QString renderMarks(QString html, const QPalette& palette);
QLabel* makeWrappedLabel(QWidget* parent, const QString& name);

} // namespace settings_ui

} // namespace cx::gui
