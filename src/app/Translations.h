#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;
class QSettings;

namespace cx::gui {

// The desktop's UI language: which catalogues exist, which one is chosen, where the .qm files are, and
// installing them (CX Pilot's own and Qt's, so standard dialogs match) together with QLocale's default, so
// that dates and numbers follow the same language as the words: either the whole window is German or none
// of it is.
class Translations final {
public:
    // The setting ui/language: "system" (the default; QLocale::uiLanguages()) or one of available(). Read
    // once at start; the settings dialog writes it.
    static QString setting(const QSettings& store);
    static void setSetting(QSettings& store, const QString& language);

    // The languages with a catalogue; "en" is the source language (its catalogue holds only plural forms).
    static QStringList available();

    // The language to use for `setting` ("system", "en", "de", "es"): the setting itself when it names one
    // of available(), else the first of `uiLanguages` (QLocale::uiLanguages() order) that is available,
    // else "en".
    static QString choose(const QString& setting, const QStringList& uiLanguages);

    // Folders searched for cxpilot_<lang>.qm, in order: the installed one (relative to the executable, then
    // the configured install prefix), then the build tree's (tests and running from the build).
    static QStringList searchPaths();

    struct Installed {
        QString language; // what was chosen
        bool appCatalogue = false; // cxpilot_<lang>.qm found and installed
        bool qtCatalogue = false; // qtbase_<lang>.qm found and installed (not needed for en)
        QString appCataloguePath;
    };

    // Chooses with choose(setting, QLocale::uiLanguages()), installs both catalogues on `app` (owned by
    // it) and sets QLocale's default to the language: the system locale when it speaks that language (so
    // en_GB keeps its dates), else the language's own locale. Call before the first widget exists.
    static Installed install(QCoreApplication* app, const QString& setting);

    // For windows and widgets created without install() (tests, other embedders): installs the English
    // catalogue, so that "%n draft(s) waiting" reads "1 draft waiting". Does nothing after install().
    static void ensureEnglishPlurals();

    // The UI's locale for `language` given the system's.
    static QLocale localeFor(const QString& language, const QLocale& system);
};

} // namespace cx::gui
