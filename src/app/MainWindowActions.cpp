// The window's menus and keyboard shortcuts, the shortcuts list (F1), and leaving: File › Quit quits,
// closing the window hides it to the tray (and says so the first time).
#include "AboutDialog.h"
#include "ApprovalsDrawer.h"
#include "CalibrationDialog.h"
#include "ConversationQueueView.h"
#include "DashboardWidget.h"
#include "KnowledgeBaseDialog.h"
#include "MainWindow.h"
#include "MessageBanner.h"
#include "NotificationCenter.h"
#include "ReportExporter.h"
#include "ShortcutsDialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QShortcut>
#include <QSystemTrayIcon>
#include <QTimer>

namespace cx::gui {

namespace {
constexpr auto kTrayNoticeKey = "window/trayNoticeShown";
}

void MainWindow::buildActions()
{
    auto add = [this](QMenu* menu, const QString& name, const QString& text, const QKeySequence& key,
                   std::function<void()> f) {
        auto* action = new QAction(text, this);
        action->setObjectName(name);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, f);
        menu->addAction(action);
        addAction(action);
        return action;
    };
    QMenu* file = menuBar()->addMenu(tr("&File"));
    add(file, QStringLiteral("settingsAction"), tr("&Settings…"), QKeySequence(QKeySequence::Preferences),
        [this] { openSettings(); });
    auto* knowledge = new QAction(tr("&Knowledge base…"), this);
    knowledge->setObjectName(QStringLiteral("knowledgeBaseAction"));
    connect(knowledge, &QAction::triggered, this, [this] { openKnowledgeBase(); });
    file->addAction(knowledge);
    file->addSeparator();
    file->addAction(m_notifications->slaPauseAction()); // the tray menu has the same one
    file->addSeparator();
    // Quits even while a tray icon would keep the window (see closeEvent).
    add(file, QStringLiteral("quitAction"), tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q),
        [this] { quitApplication(); });

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    add(go, QStringLiteral("nextConversationAction"), tr("Next conversation"),
        QKeySequence(Qt::ALT | Qt::Key_Down), [this] { selectRelative(1); });
    add(go, QStringLiteral("previousConversationAction"), tr("Previous conversation"),
        QKeySequence(Qt::ALT | Qt::Key_Up), [this] { selectRelative(-1); });
    add(go, QStringLiteral("nextDraftAction"), tr("Next waiting draft"), QKeySequence(Qt::CTRL | Qt::Key_J),
        [this] { moveToNextDraft(m_drawer->currentDraftId(), NextDraft::Following); });
    add(go, QStringLiteral("focusQueueAction"), tr("Focus the queue"), QKeySequence(Qt::CTRL | Qt::Key_1),
        [this] {
            m_tabs->setCurrentIndex(0); // from the dashboard too
            m_queue->setFocus();
        });
    // The dashboard by keyboard: the queue's view takes Ctrl+Tab and Ctrl+PgDown for itself.
    add(go, QStringLiteral("dashboardAction"), tr("Show the dashboard"), QKeySequence(Qt::CTRL | Qt::Key_2),
        [this] { m_tabs->setCurrentWidget(m_dashboard); });
    add(go, QStringLiteral("focusEditorAction"), tr("Focus the draft editor"),
        QKeySequence(Qt::CTRL | Qt::Key_E), [this] {
            if (auto* editor = m_drawer->findChild<QWidget*>(QStringLiteral("draftEditor")))
                editor->setFocus();
        });
    QMenu* reports = menuBar()->addMenu(tr("&Reports"));
    auto addExport = [this, reports](const QString& name, const QString& text, ReportExporter::Kind kind) {
        QAction* action = reports->addAction(text);
        action->setObjectName(name);
        connect(action, &QAction::triggered, this,
            [this, kind] { m_exporter->start(kind, m_dashboard->currentQuery(), m_dashboard->targets()); });
    };
    addExport(QStringLiteral("exportPdfAction"), tr("Export &PDF…"), ReportExporter::Kind::Pdf);
    addExport(QStringLiteral("exportCsvAction"), tr("Export &CSV…"), ReportExporter::Kind::Csv);
    addExport(
        QStringLiteral("exportJsonlAction"), tr("Export fine-tuning &JSONL…"), ReportExporter::Kind::Jsonl);
    reports->addSeparator();
    add(reports, QStringLiteral("calibrationAction"), tr("&Grading calibration…"), QKeySequence(), [this] {
        auto* dialog = new CalibrationDialog(
            m_services->database(), m_services->reviewerName(), m_services->isDemo(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    add(help, QStringLiteral("shortcutsAction"), tr("&Keyboard shortcuts"), QKeySequence(Qt::Key_F1),
        [this] { showShortcuts(); });
    auto* about = new QAction(tr("&About CX Pilot"), this);
    about->setObjectName(QStringLiteral("aboutAction"));
    connect(about, &QAction::triggered, this, [this] {
        auto* dialog = new AboutDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    help->addAction(about);
}

void MainWindow::applySettings(const Settings& settings)
{
    // Tearing the services down under a reply on its way would lose track of it: wait until it is done.
    if (m_drawer->isBusy()) {
        QTimer::singleShot(500, this, [this, settings] { applySettings(settings); });
        return;
    }
    if (m_knowledgeDialog)
        m_knowledgeDialog->close(); // it works on the old knowledge base (closing cancels its ingest)
    AppServices* old = m_services;
    old->disconnect(this);
    m_services = new AppServices(m_serviceOptions, settings, this);
    for (auto it = m_partLabels.cbegin(); it != m_partLabels.cend(); ++it)
        it.value()->setText(AppServices::stateText(it.key(), AppServices::State::Starting, {}));
    connectServices();
    m_chatwootUnreachable = false; // the new settings may point elsewhere: judged afresh
    m_banner->showMessage(MessageBanner::Kind::Info, tr("Settings saved and applied."));
    updateQueueEmptyState();
    // The old services go once the new ones exist (their database may be the drafts list's until the new
    // one is open; it is shared, so it lives on as long as something uses it).
    old->deleteLater();
    m_services->start();
}

KnowledgeBaseDialog* MainWindow::openKnowledgeBase()
{
    if (!m_services->knowledge()) {
        m_banner->showMessage(
            MessageBanner::Kind::Info, tr("The knowledge base is still opening; try again in a moment."));
        return nullptr;
    }
    if (!m_knowledgeDialog) {
        m_knowledgeDialog = new KnowledgeBaseDialog(m_services->knowledge(), m_services->chatwoot(), this);
        m_knowledgeDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_knowledgeDialog, &KnowledgeBaseDialog::indexChanged, m_services,
            &AppServices::refreshKnowledgeState);
        connect(m_services, &AppServices::chatwootReady, m_knowledgeDialog,
            [this] { m_knowledgeDialog->setChatwoot(m_services->chatwoot()); });
    }
    m_knowledgeDialog->show();
    m_knowledgeDialog->raise();
    m_knowledgeDialog->activateWindow();
    return m_knowledgeDialog;
}

QList<QAction*> MainWindow::shortcutActions() const
{
    // Every action of the window and its parts (the drawer's included) that has a key: the list is read
    // from what is registered, so it cannot miss one.
    QList<QAction*> actions;
    for (QAction* action : findChildren<QAction*>()) {
        if (!action->shortcut().isEmpty() && !actions.contains(action))
            actions.append(action);
    }
    return actions;
}

ShortcutsDialog* MainWindow::showShortcuts()
{
    QList<ShortcutEntry> entries = ShortcutsDialog::fromActions(shortcutActions());
    QStringList listed;
    for (const ShortcutEntry& e : entries)
        listed << e.keys;
    // Shortcuts without an action (QShortcut) are listed when they say what they do (whatsThis).
    for (const QShortcut* shortcut : findChildren<QShortcut*>()) {
        const QString keys = shortcut->key().toString(QKeySequence::NativeText);
        if (!keys.isEmpty() && !shortcut->whatsThis().isEmpty() && !listed.contains(keys)) {
            entries << ShortcutEntry(shortcut->key(), shortcut->whatsThis());
            listed << keys;
        }
    }
    // Keys the drawer's widgets handle themselves (not shortcuts).
    entries << ShortcutEntry(QStringLiteral("1 … 5"), tr("Set the focused grade"));
    const QString approveKeys = QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText);
    if (!listed.contains(approveKeys))
        entries << ShortcutEntry(approveKeys, tr("Approve & send (all three grades set)"));
    auto* dialog = new ShortcutsDialog(entries, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

void MainWindow::quitApplication()
{
    // Qt 6's quit() first asks every window to close and gives up when one refuses; this window refuses
    // while it hides to the tray, unless it knows the user asked to quit.
    m_quitting = true;
    QApplication::quit();
}

bool MainWindow::hidesToTray() const
{
    return m_trayOverride.value_or(m_notifications->shouldHideOnClose());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    // Hide to the tray only while a tray really exists; otherwise closing quits.
    if (!m_quitting && hidesToTray() && !qApp->closingDown()) {
        hide();
        event->ignore();
        tellAboutTrayOnce();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::tellAboutTrayOnce()
{
    QSettings& settings = qsettings();
    const bool first = !settings.value(QLatin1String(kTrayNoticeKey), false).toBool();
    if (first) {
        settings.setValue(QLatin1String(kTrayNoticeKey), true);
        if (QSystemTrayIcon* tray = m_notifications->trayIcon(); tray && tray->isVisible())
            tray->showMessage(tr("CX Pilot is still running"),
                tr("It keeps watching the queue in the tray. To quit, use File › Quit or the tray menu."),
                QSystemTrayIcon::Information, 10000);
    }
    emit hiddenToTray(first);
}

QSettings& MainWindow::qsettings()
{
    if (!m_qsettings)
        m_qsettings = std::make_unique<QSettings>();
    return *m_qsettings;
}

} // namespace cx::gui
