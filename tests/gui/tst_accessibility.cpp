// Accessibility of the demo's main window, checked by walking its widget tree (issue #17, "Accessibility"):
//  - every control a screen reader lands on has a name: its own text, an accessibleName, or a QLabel whose
//    buddy it is; a failure lists the controls without one by class and objectName;
//  - every control can be reached with the keyboard (Tab focus), and every menu and menu action has a
//    mnemonic or a shortcut;
//  - every coloured text the app draws itself reads at WCAG AA contrast (4.5:1) in a light and a dark palette
//    (gui::uiColours(), the table the widgets paint from).
#include "ApprovalsDrawer.h"
#include "DraftModel.h"
#include "MainWindow.h"
#include "UiColours.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>
#include <QTextEdit>

using namespace cx;
using namespace cx::gui;

namespace {

bool isControl(QWidget* w)
{
    if (qobject_cast<QTabBar*>(w) || qobject_cast<QHeaderView*>(w))
        return false; // their tabs and sections carry the names; headers are reached through their view
    return qobject_cast<QAbstractButton*>(w) || qobject_cast<QLineEdit*>(w)
        || qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QComboBox*>(w)
        || qobject_cast<QAbstractItemView*>(w) || qobject_cast<QTextEdit*>(w)
        || qobject_cast<QPlainTextEdit*>(w);
}

QString describe(QWidget* w)
{
    QString name = QString::fromLatin1(w->metaObject()->className());
    if (!w->objectName().isEmpty())
        name += QLatin1Char(' ') + w->objectName();
    for (QWidget* p = w->parentWidget(); p; p = p->parentWidget())
        if (!p->objectName().isEmpty() && !p->objectName().startsWith(QLatin1String("qt_"))) {
            name += QStringLiteral(" (in ") + p->objectName() + QLatin1Char(')');
            break;
        }
    return name;
}

// Relative luminance and contrast ratio as WCAG 2.1 defines them
// (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).
double luminance(const QColor& c)
{
    auto channel = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

// A translucent colour over an opaque one, as the painter composes it.
QColor over(const QColor& top, const QColor& bottom)
{
    const double a = top.alphaF();
    return QColor::fromRgbF(float(top.redF() * a + bottom.redF() * (1 - a)),
        float(top.greenF() * a + bottom.greenF() * (1 - a)),
        float(top.blueF() * a + bottom.blueF() * (1 - a)));
}

double contrast(const QColor& fg, const QColor& bg)
{
    const double a = luminance(fg) + 0.05, b = luminance(bg) + 0.05;
    return std::max(a, b) / std::min(a, b);
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    p.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    return p;
}

} // namespace

class TestAccessibility : public QObject {
    Q_OBJECT

    std::unique_ptr<MainWindow> m_window;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("CXPILOT_REVIEWER", "Dana Reviewer");
        m_window = std::make_unique<MainWindow>(MainWindow::Options { true, {} });
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        auto* drafts = m_window->findChild<DraftModel*>();
        QVERIFY(drafts);
        QTRY_VERIFY_WITH_TIMEOUT(drafts->rowCount() >= 3, 60000);
        QTest::keyClick(m_window.get(), Qt::Key_J, Qt::ControlModifier); // the drawer with a draft in it
        auto* drawer = m_window->findChild<ApprovalsDrawer*>(QStringLiteral("approvalsDrawer"));
        QVERIFY(drawer);
        QTRY_VERIFY_WITH_TIMEOUT(!drawer->currentDraftId().isEmpty() && !drawer->isBusy(), 60000);
    }

    // Each main tab in turn (the review workspace with a draft in the drawer, then the dashboard): only what
    // is shown is reachable.
    void everyControlHasAName_data()
    {
        QTest::addColumn<int>("tab");
        auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        QVERIFY(tabs);
        for (int i = 0; i < tabs->count(); ++i)
            QTest::newRow(qPrintable(tabs->tabText(i).remove(QLatin1Char('&')))) << i;
    }
    void everyControlHasAName()
    {
        QFETCH(int, tab);
        m_window->findChild<QTabWidget*>(QStringLiteral("mainTabs"))->setCurrentIndex(tab);
        QCoreApplication::processEvents();
        // Labels name their buddies.
        QSet<QWidget*> labelled;
        for (QLabel* label : m_window->findChildren<QLabel*>())
            if (label->buddy())
                labelled.insert(label->buddy());
        QStringList unnamed;
        int checked = 0;
        for (QWidget* w : m_window->findChildren<QWidget*>()) {
            if (!isControl(w) || !w->isVisibleTo(m_window.get())
                || w->objectName().startsWith(QLatin1String("qt_")))
                continue;
            ++checked;
            QString text;
            if (auto* button = qobject_cast<QAbstractButton*>(w))
                text = button->text();
            text.remove(QLatin1Char('&'));
            if (text.trimmed().isEmpty() && w->accessibleName().trimmed().isEmpty() && !labelled.contains(w))
                unnamed << describe(w);
        }
        QVERIFY2(checked >= 8, qPrintable(QString::number(checked)));
        QVERIFY2(unnamed.isEmpty(),
            qPrintable(QStringLiteral("controls without a name for a screen reader:\n")
                + unnamed.join(QLatin1Char('\n'))));
    }

    void everyControlTakesKeyboardFocus()
    {
        QStringList mouseOnly;
        for (QWidget* w : m_window->findChildren<QWidget*>()) {
            if (!isControl(w) || !w->isVisibleTo(m_window.get())
                || w->objectName().startsWith(QLatin1String("qt_")))
                continue;
            if (!(w->focusPolicy() & Qt::TabFocus))
                mouseOnly << describe(w);
        }
        QVERIFY2(mouseOnly.isEmpty(),
            qPrintable(QStringLiteral("controls Tab never reaches:\n") + mouseOnly.join(QLatin1Char('\n'))));
    }

    // Both main tabs by keyboard alone: Ctrl+2 shows the dashboard, Ctrl+1 comes back to the queue (the
    // queue's view keeps Ctrl+Tab and Ctrl+PgDown for itself, so the tab widget's own keys never reach it).
    void mainTabsByKeyboard()
    {
        auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        QVERIFY(tabs);
        QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
        QTRY_COMPARE(tabs->currentIndex(), 1);
        QTest::keyClick(m_window.get(), Qt::Key_1, Qt::ControlModifier);
        QTRY_COMPARE(tabs->currentIndex(), 0);
        QTRY_VERIFY(m_window->findChild<QWidget*>(QStringLiteral("conversationQueue"))->hasFocus());
    }

    // The three grades by keyboard alone: Alt+T, Alt+A, Alt+P focus their boxes, a digit sets the grade.
    void gradesByKeyboard()
    {
        auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        tabs->setCurrentIndex(0);
        const QList<std::pair<Qt::Key, const char*>> keys { { Qt::Key_T, "toneGrade" },
            { Qt::Key_A, "accuracyGrade" }, { Qt::Key_P, "policyGrade" } };
        for (const auto& [key, name] : keys) {
            QTest::keyClick(m_window.get(), key, Qt::AltModifier);
            auto* box = m_window->findChild<QAbstractSpinBox*>(QLatin1String(name));
            QVERIFY(box);
            QTRY_VERIFY2(box->hasFocus(), name);
            QTest::keyClick(box, Qt::Key_4);
            QTRY_COMPARE(box->text().left(1), QStringLiteral("4"));
        }
    }

    void everyMenuActionHasAKey()
    {
        QStringList missing;
        for (QAction* top : m_window->menuBar()->actions()) {
            if (!top->text().contains(QLatin1Char('&')))
                missing << QStringLiteral("menu \"%1\" has no mnemonic").arg(top->text());
            QMenu* menu = top->menu();
            if (!menu)
                continue;
            for (QAction* a : menu->actions()) {
                if (a->isSeparator() || a->menu())
                    continue;
                if (!a->text().contains(QLatin1Char('&')) && a->shortcut().isEmpty())
                    missing
                        << QStringLiteral("%1 › %2: no mnemonic, no shortcut").arg(top->text(), a->text());
            }
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
    }

    void coloursMeetWcagAa_data()
    {
        QTest::addColumn<QPalette>("palette");
        QPalette light;
        light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        light.setColor(QPalette::WindowText, Qt::black);
        light.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
        light.setColor(QPalette::PlaceholderText, QColor(0x6b, 0x6b, 0x6b));
        QTest::newRow("light") << light;
        QTest::newRow("dark") << darkPalette();
    }
    void coloursMeetWcagAa()
    {
        QFETCH(QPalette, palette);
        const QList<ColourPair> pairs = uiColours(palette);
        QVERIFY(pairs.size() >= 10);
        QStringList weak;
        for (const ColourPair& p : pairs) {
            // Translucent backgrounds are drawn over the palette's base (or window, for strips on a window).
            const QColor bg
                = over(p.background, palette.color(p.overWindow ? QPalette::Window : QPalette::Base));
            const double ratio = contrast(over(p.foreground, bg), bg);
            if (ratio < 4.5)
                weak << QStringLiteral("%1: %2 on %3 = %4:1")
                            .arg(p.name, p.foreground.name(QColor::HexArgb), bg.name())
                            .arg(ratio, 0, 'f', 2);
        }
        QVERIFY2(weak.isEmpty(),
            qPrintable(QStringLiteral("below WCAG AA (4.5:1):\n") + weak.join(QLatin1Char('\n'))));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
