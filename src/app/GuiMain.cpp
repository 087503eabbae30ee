#include "GuiMain.h"

#include "AppIcon.h"
#include "MainWindow.h"
#include "Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

namespace cx::gui {

int runGui(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cxpilot"));
    QApplication::setOrganizationName(QStringLiteral("cxpilot"));
    QApplication::setApplicationDisplayName(QStringLiteral("CX Pilot"));
    QApplication::setApplicationVersion(QStringLiteral(CXPILOT_VERSION));
    // The icon of every window and of the tray; the desktop entry (and AppStream id) the windows belong to.
    QApplication::setWindowIcon(appIcon());
    QGuiApplication::setDesktopFileName(QStringLiteral("io.cxpilot.CxPilot"));
    // The UI language (setting ui/language, else the system's): before the first translated text.
    Translations::install(&app, Translations::setting(QSettings()));

    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption demo(QStringLiteral("demo"),
        QApplication::translate("Gui", "Run on the built-in sandbox with a throw-away database."));
    QCommandLineOption quitAfter(QStringLiteral("quit-after"),
        QApplication::translate("Gui", "Quit after N milliseconds (smoke tests)."), QStringLiteral("ms"));
    QCommandLineOption database(QStringLiteral("database"),
        QApplication::translate("Gui", "Database URL (sqlite:///path or postgresql://...)."), QStringLiteral("url"));
    parser.addOption(demo);
    parser.addOption(database);
    parser.addOption(quitAfter);
    parser.process(app);

    MainWindow window(MainWindow::Options { parser.isSet(demo), parser.value(database) });
    window.show();
    if (parser.isSet(quitAfter))
        window.quitAfter(parser.value(quitAfter).toInt());
    return app.exec();
}

} // namespace cx::gui
