#include "Translations.h"

#include "foundation/LogCategories.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace cx::gui {

namespace {
bool g_installed = false; // install() or ensureEnglishPlurals() ran

// Installs cxpilot_<language>.qm from the first search path that has it; returns its path or "".
QString installCatalogue(QCoreApplication* app, const QString& language)
{
    const QString file = QStringLiteral("cxpilot_") + language + QStringLiteral(".qm");
    for (const QString& dir : Translations::searchPaths()) {
        const QString path = QDir(dir).filePath(file);
        if (!QFileInfo::exists(path))
            continue;
        auto* translator = new QTranslator(app);
        if (translator->load(path)) {
            QCoreApplication::installTranslator(translator);
            return path;
        }
        delete translator;
    }
    qCWarning(lcApp) << "no catalogue" << file << "in" << Translations::searchPaths();
    return {};
}

const QString kSettingKey = QStringLiteral("ui/language");
const QString kSystem = QStringLiteral("system");
} // namespace

QString Translations::setting(const QSettings& store)
{
    const QString value = store.value(kSettingKey, kSystem).toString().trimmed().toLower();
    return available().contains(value) ? value : kSystem;
}

void Translations::setSetting(QSettings& store, const QString& language)
{
    store.setValue(kSettingKey, available().contains(language) ? language : kSystem);
}

QStringList Translations::available()
{
    return { QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("es") };
}

QString Translations::choose(const QString& setting, const QStringList& uiLanguages)
{
    const QStringList languages = available();
    if (languages.contains(setting))
        return setting;
    for (const QString& name : uiLanguages) {
        // "de-AT", "de_AT", "de": the language part decides.
        const QString language = QLocale(name).name().section(QLatin1Char('_'), 0, 0);
        if (languages.contains(language))
            return language;
    }
    return QStringLiteral("en");
}

QStringList Translations::searchPaths()
{
    QStringList paths;
    const QString appDir = QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
    if (!appDir.isEmpty())
        paths << QDir::cleanPath(
            appDir + QStringLiteral("/../" CXPILOT_INSTALL_DATADIR "/cxpilot/translations"));
    paths << QStringLiteral(CXPILOT_INSTALL_FULL_DATADIR "/cxpilot/translations")
          << QStringLiteral(CXPILOT_BUILD_TRANSLATIONS_DIR);
    paths.removeDuplicates();
    return paths;
}

QLocale Translations::localeFor(const QString& language, const QLocale& system)
{
    if (system.name().section(QLatin1Char('_'), 0, 0) == language)
        return system;
    return QLocale(language);
}

Translations::Installed Translations::install(QCoreApplication* app, const QString& setting)
{
    Installed result;
    result.language = choose(setting, QLocale::system().uiLanguages());
    const QLocale locale = localeFor(result.language, QLocale::system());
    QLocale::setDefault(locale);

    g_installed = true;
    result.appCataloguePath = installCatalogue(app, result.language);
    result.appCatalogue = !result.appCataloguePath.isEmpty();

    if (result.language != QLatin1String("en")) {
        auto* qt = new QTranslator(app);
        if (qt->load(QLocale(result.language), QStringLiteral("qtbase"), QStringLiteral("_"),
                QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt);
            result.qtCatalogue = true;
        } else {
            delete qt;
            qCWarning(lcApp) << "Qt's own catalogue" << (QStringLiteral("qtbase_") + result.language)
                             << "is not installed"
                             << "(Debian: qt6-translations-l10n); standard dialogs stay in English";
        }
    }
    return result;
}

void Translations::ensureEnglishPlurals()
{
    if (g_installed || !QCoreApplication::instance())
        return;
    g_installed = true;
    installCatalogue(QCoreApplication::instance(), QStringLiteral("en"));
}

} // namespace cx::gui
