// The reviewer's queue and window, in real windows on the virtual display: which draft comes next (urgency,
// not creation order), the urgent columns at a narrow window and a large font, the shortcuts list, export
// folders remembered, and File › Quit with a tray. A non-demo window talks to a simulated Chatwoot with
// drafting off; its drafts are written to the SQLite database directly.
#include "ApprovalsDrawer.h"
#include "ConversationModel.h"
#include "DraftModel.h"
#include "GradeSpinBox.h"
#include "MainWindow.h"
#include "ReportExporter.h"
#include "ScreenshotSupport.h"
#include "ShortcutsDialog.h"
#include "chatwoot/ChatwootSandbox.h"
#include "review/DraftStore.h"
#include "storage/Database.h"

#include "TestSupport.h"
#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QIcon>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>

#include <QStyle>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace cx;
using namespace cx::gui;

namespace {

using cx::test::EnvScope;

// A window on a simulated Chatwoot (no drafting: the test writes the drafts) and a SQLite file.
struct Workspace {
    sandbox::ChatwootSandbox sandbox;
    QTemporaryDir dir;
    qint64 inbox = 0;
    std::unique_ptr<EnvScope> env;
    std::unique_ptr<MainWindow> window;

    bool start(QSize size = { 1280, 800 })
    {
        if (!sandbox.listen())
            return false;
        inbox = sandbox.addInbox(QStringLiteral("Website"), QStringLiteral("Channel::WebWidget"));
        env = std::make_unique<EnvScope>(QList<std::pair<const char*, QString>> {
            { "CHATWOOT_BASE_URL", sandbox.url().toString() },
            { "CHATWOOT_ACCOUNT_ID", QString::number(sandbox.accountId()) },
            { "CHATWOOT_API_KEY", sandbox.token() },
            { "AI_CUSTOMER_DRAFT_ENABLED", QStringLiteral("false") },
            { "CXPILOT_REVIEWER", QStringLiteral("Dana Reviewer") },
        });
        MainWindow::Options options;
        options.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("app.db"));
        options.signalQueuePath = dir.filePath(QStringLiteral("queue.db"));
        options.recoveryIntervalMs = 3600000;
        options.pollIntervalMs = 500;
        window = std::make_unique<MainWindow>(options);
        window->resize(size);
        window->show();
        return QTest::qWaitForWindowExposed(window.get());
    }

    // A customer who has waited `waitedSecs` for a reply; returns {conversation, their message}.
    std::pair<qint64, qint64> waitingCustomer(
        const QString& name, qint64 waitedSecs, const QString& text = QStringLiteral("Where is my order?"))
    {
        const qint64 contact = sandbox.addContact(name);
        const qint64 conversation = sandbox.addConversation(inbox, contact);
        const qint64 message = sandbox.addMessage(
            conversation, text, 0, false, QDateTime::currentSecsSinceEpoch() - waitedSecs);
        return { conversation, message };
    }

    QString notedDraft(qint64 conversation, qint64 message)
    {
        review::DraftRecord d;
        d.accountId = sandbox.accountId();
        d.conversationId = conversation;
        d.messageId = message;
        d.inboxId = inbox;
        d.content.text = QStringLiteral("Your order left our warehouse yesterday.");
        d.content.confidence = 0.8;
        d.content.riskLevel = QStringLiteral("low");
        d.customerMessageAt = QDateTime::fromSecsSinceEpoch(sandbox.messages(conversation).last().createdAt);
        review::DraftStore drafts(*window->database());
        auto inserted = drafts.insert(d);
        if (!inserted || !drafts.markNoted(inserted->id, 0))
            return {};
        return inserted->id;
    }
};

void gradeAndApprove(ApprovalsDrawer* drawer)
{
    for (const char* name : { "toneGrade", "accuracyGrade", "policyGrade" }) {
        auto* box = drawer->findChild<GradeSpinBox*>(QLatin1String(name));
        QVERIFY(box);
        box->setFocus();
        QTest::keyClick(box, Qt::Key_5);
    }
    auto* approve = drawer->findChild<QPushButton*>(QStringLiteral("approveButton"));
    QTRY_VERIFY(approve->isEnabled());
    QTest::mouseClick(approve, Qt::LeftButton);
}

} // namespace

class TestQueueWindow final : public QObject {
    Q_OBJECT

    QTemporaryDir m_settingsDir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // QSettings (remembered folders, the one-time tray notice) in a folder of this run only.
        QCoreApplication::setOrganizationName(QStringLiteral("cxpilot-tests"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        qunsetenv("CXPILOT_DATABASE_PASSWORD");
    }

    // Drafts created calm first, then breached, then at risk. "Next waiting draft" and the auto-advance after
    // an approval follow the SLA state and waiting time, not that order.
    void autoAdvanceAndNextDraftFollowUrgency()
    {
        Workspace w;
        QVERIFY(w.start());
        MainWindow& window = *w.window;
        auto* conversations = window.findChild<ConversationModel*>();
        auto* drafts = window.findChild<DraftModel*>();
        auto* drawer = window.findChild<ApprovalsDrawer*>(QStringLiteral("approvalsDrawer"));
        QVERIFY(conversations && drafts && drawer);
        QTRY_VERIFY_WITH_TIMEOUT(window.services()->approvals() && window.database(), 30000);
        const qint64 sla = conversations->slaMinutes() * 60;
        const auto calm = w.waitingCustomer(QStringLiteral("Carla Calm"), sla / 5);
        const auto breached = w.waitingCustomer(QStringLiteral("Bruno Breached"), sla * 3 / 2);
        const auto atRisk = w.waitingCustomer(QStringLiteral("Rita Risk"), sla * 9 / 10);
        QTRY_VERIFY_WITH_TIMEOUT(conversations->indexOf(calm.first).isValid()
                && conversations->indexOf(breached.first).isValid()
                && conversations->indexOf(atRisk.first).isValid(),
            20000);
        QCOMPARE(conversations->urgency(calm.first).sla, SlaState::OnTime);
        QCOMPARE(conversations->urgency(breached.first).sla, SlaState::Breached);
        QCOMPARE(conversations->urgency(atRisk.first).sla, SlaState::AtRisk);

        QStringList created; // in creation order, separated so their created_at differ
        for (const auto& [conversation, message] : { calm, breached, atRisk }) {
            created << w.notedDraft(conversation, message);
            QVERIFY(!created.last().isEmpty());
            QTest::qWait(20);
        }
        const QString calmDraft = created.at(0), breachedDraft = created.at(1), atRiskDraft = created.at(2);
        drafts->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(drafts->rowCount(), 3, 20000);
        QCOMPARE(drafts->draftAt(0)->id, calmDraft); // the draft list is in creation order

        window.openConversation(calm.first);
        QTRY_COMPARE_WITH_TIMEOUT(drawer->currentDraftId(), calmDraft, 20000);
        auto* next = window.findChild<QAction*>(QStringLiteral("nextDraftAction"));
        QVERIFY(next);
        QCOMPARE(next->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_J));
        // From the least urgent, "next" wraps round to the most urgent; then on down the urgency order.
        next->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(drawer->currentDraftId(), breachedDraft, 20000);
        next->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(drawer->currentDraftId(), atRiskDraft, 20000);

        // Approving the at-risk draft moves on to the most urgent one left: the breached, not the calm
        // (older) one.
        gradeAndApprove(drawer);
        QTRY_COMPARE_WITH_TIMEOUT(
            review::DraftStore(*window.database()).get(atRiskDraft)->state, review::DraftState::Sent, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(drawer->currentDraftId(), breachedDraft, 20000);
        auto* queue = window.findChild<QTableView*>(QStringLiteral("conversationQueue"));
        QTRY_COMPARE(
            queue->currentIndex().data(ConversationModel::ConversationIdRole).toLongLong(), breached.first);
    }

    // The queue as the window shows it: an angry customer who wrote a minute ago sits above a calm one who
    // has waited half the SLA (one SLA tier up, review::QueueUrgency), marked with the badge.
    void angryCustomerRisesInTheWindowQueue()
    {
        Workspace w;
        QVERIFY(w.start());
        auto* conversations = w.window->findChild<ConversationModel*>();
        auto* queue = w.window->findChild<QTableView*>(QStringLiteral("conversationQueue"));
        QVERIFY(conversations && queue);
        const qint64 sla = conversations->slaMinutes() * 60;
        const auto calm = w.waitingCustomer(QStringLiteral("Carla Calm"), sla / 2);
        const auto angry = w.waitingCustomer(QStringLiteral("Andy Angry"), 60,
            QStringLiteral("This is unacceptable, the worst service I have ever had!!"));
        QTRY_VERIFY_WITH_TIMEOUT(
            conversations->indexOf(calm.first).isValid() && conversations->indexOf(angry.first).isValid(),
            20000);
        QCOMPARE(conversations->urgency(angry.first).sla, SlaState::OnTime);
        QTRY_COMPARE(queue->model()->index(0, 0).data(ConversationModel::ConversationIdRole).toLongLong(),
            angry.first);
        QCOMPARE(
            queue->model()->index(1, 0).data(ConversationModel::ConversationIdRole).toLongLong(), calm.first);
        const QModelIndex preview = queue->model()->index(0, ConversationModel::PreviewColumn);
        QVERIFY(!preview.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(preview.data(Qt::ToolTipRole).toString().contains(QStringLiteral("angry")));
    }

    // At 1024×700, with the default font and with a 14 pt one, the Waiting, SLA and Draft headers are whole
    // and inside the queue's viewport; the last message takes the rest.
    void urgentColumnsVisibleWhenNarrowWithALargeFont_data()
    {
        QTest::addColumn<int>("pointSize");
        QTest::newRow("default font") << 0;
        QTest::newRow("14 pt") << 14;
    }
    void urgentColumnsVisibleWhenNarrowWithALargeFont()
    {
        QFETCH(int, pointSize);
        const QFont original = QApplication::font();
        QFont large = original;
        if (pointSize > 0)
            large.setPointSize(pointSize);
        QApplication::setFont(large);
        auto restore = qScopeGuard([&] { QApplication::setFont(original); });
        Workspace w;
        QVERIFY(w.start({ 1024, 700 }));
        MainWindow& window = *w.window;
        for (const auto& [name, waited] : { std::pair { "Bruno Breached", 3600 }, { "Carla Calm", 60 } })
            w.waitingCustomer(QLatin1String(name), waited);
        auto* conversations = window.findChild<ConversationModel*>();
        QTRY_COMPARE_WITH_TIMEOUT(conversations->rowCount(), 2, 20000);
        auto* queue = window.findChild<QTableView*>(QStringLiteral("conversationQueue"));
        QVERIFY(queue);
        QHeaderView* header = queue->horizontalHeader();
        QTRY_VERIFY(header->width() > 0);
        QCoreApplication::processEvents();
        if (pointSize == 0)
            QCOMPARE(window.width(), 1024);
        else // the window cannot be narrower than its parts' minimum (the drawer's, mostly)
            QCOMPARE(window.width(), qMax(1024, window.minimumSizeHint().width()));
        const int margin = queue->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
        for (int column : { ConversationModel::WaitingColumn, ConversationModel::SlaColumn,
                 ConversationModel::DraftColumn }) {
            const QString text = queue->model()->headerData(column, Qt::Horizontal).toString();
            const int left = header->sectionViewportPosition(column);
            const int width = header->sectionSize(column);
            const QString where = QStringLiteral("%1: x %2, width %3, viewport %4")
                                      .arg(text)
                                      .arg(left)
                                      .arg(width)
                                      .arg(header->viewport()->width());
            QVERIFY2(!queue->isColumnHidden(column), qPrintable(where));
            QVERIFY2(left >= 0 && left + width <= header->viewport()->width(), qPrintable(where));
            QVERIFY2(width >= header->fontMetrics().horizontalAdvance(text) + 2 * margin, qPrintable(where));
        }
        // The stretch goes to the last message (which follows the urgent columns), not to them.
        QCOMPARE(header->sectionResizeMode(ConversationModel::PreviewColumn), QHeaderView::Stretch);
        if (!qEnvironmentVariableIsEmpty("CXPILOT_SCREENSHOT_DIR")) {
            QTest::qWait(300);
            test::saveScreenshot(&window, QStringLiteral("queue-1024x700-%1pt").arg(pointSize));
        }
    }

    // F1 lists every shortcut the window registers (File › Quit and F1 itself included).
    void shortcutsListEveryRegisteredShortcut()
    {
        Workspace w;
        QVERIFY(w.start());
        auto* f1 = w.window->findChild<QAction*>(QStringLiteral("shortcutsAction"));
        QVERIFY(f1);
        QCOMPARE(f1->shortcut(), QKeySequence(Qt::Key_F1));
        f1->trigger();
        auto* dialog = w.window->findChild<ShortcutsDialog*>();
        QVERIFY(dialog);
        QStringList listed;
        for (const ShortcutEntry& e : dialog->entries())
            listed << e.keys;
        int withKeys = 0;
        for (const QAction* action : w.window->findChildren<QAction*>()) {
            for (const QKeySequence& keys : action->shortcuts()) {
                if (keys.isEmpty())
                    continue;
                ++withKeys;
                QVERIFY2(listed.contains(keys.toString(QKeySequence::NativeText)),
                    qPrintable(
                        action->objectName() + QStringLiteral(" (") + keys.toString() + QLatin1Char(')')));
            }
        }
        QVERIFY(withKeys >= 6);
        // The ones a hand-kept list used to miss: F1 itself and Quit.
        for (const char* name : { "shortcutsAction", "quitAction", "nextDraftAction" }) {
            auto* action = w.window->findChild<QAction*>(QLatin1String(name));
            QVERIFY2(action && !action->shortcut().isEmpty(), name);
            QVERIFY2(listed.contains(action->shortcut().toString(QKeySequence::NativeText)), name);
        }
        for (const char* name : { "settingsAction" })
            QVERIFY2(w.window->findChild<QAction*>(QLatin1String(name)), name);
    }

    // An export remembers its folder: the next export's dialog starts there; the finished one offers
    // "Show in folder" (a seam here: nothing opens).
    void exportsRememberTheirFolderAndShowIt()
    {
        Workspace w;
        QVERIFY(w.start());
        QTRY_VERIFY_WITH_TIMEOUT(w.window->database(), 30000);
        auto* exporter = w.window->findChild<ReportExporter*>();
        QVERIFY(exporter);
        QTemporaryDir out;
        QStringList suggested;
        exporter->setPathChooser([&](ReportExporter::Kind, const QString& path) {
            suggested << path;
            return out.filePath(QFileInfo(path).fileName());
        });
        QList<QUrl> opened;
        exporter->setFolderOpener([&](const QUrl& folder) {
            opened << folder;
            return true;
        });
        QSignalSpy finished(exporter, &ReportExporter::finished);
        w.window->findChild<QAction*>(QStringLiteral("exportCsvAction"))->trigger();
        QVERIFY(finished.wait(20000));
        QCOMPARE(suggested.size(), 1);
        QVERIFY(QFileInfo(suggested.at(0)).absolutePath() != QFileInfo(out.path()).absoluteFilePath());
        // The finished export offers to show its folder.
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = w.window->findChild<QMessageBox*>(QStringLiteral("exportFinishedBox"))));
        auto* show = box->findChild<QPushButton*>(QStringLiteral("showInFolderButton"));
        QVERIFY(show);
        show->click();
        QCOMPARE(opened, QList<QUrl> { QUrl::fromLocalFile(QFileInfo(out.path()).absoluteFilePath()) });
        // The next export (another kind) starts in that folder.
        w.window->findChild<QAction*>(QStringLiteral("exportJsonlAction"))->trigger();
        QVERIFY(finished.wait(20000));
        QCOMPARE(suggested.size(), 2);
        QCOMPARE(QFileInfo(suggested.at(1)).absolutePath(), QFileInfo(out.path()).absoluteFilePath());
    }

    // Closing hides to the tray and says so once; File › Quit leaves the event loop even so. Last: it runs
    // (and quits) the application's event loop.
    void quitQuitsWithATray()
    {
        Workspace w;
        QVERIFY(w.start());
        MainWindow& window = *w.window;
        window.setTrayOverrideForTesting(true);
        QSignalSpy hidden(&window, &MainWindow::hiddenToTray);
        window.close();
        QCOMPARE(hidden.size(), 1);
        QCOMPARE(hidden.at(0).at(0).toBool(), true); // told the first time
        QVERIFY(!window.isVisible());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();
        QCOMPARE(hidden.size(), 2);
        QCOMPARE(hidden.at(1).at(0).toBool(), false); // not again
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto* quit = window.findChild<QAction*>(QStringLiteral("quitAction"));
        QVERIFY(quit);
        QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));
        QSignalSpy aboutToQuit(qApp, &QCoreApplication::aboutToQuit);
        QTimer::singleShot(0, quit, &QAction::trigger);
        // If Quit did not quit, this exits the loop instead (with 1) so the test fails rather than hangs.
        QTimer watchdog;
        watchdog.setSingleShot(true);
        connect(&watchdog, &QTimer::timeout, qApp, [] { QCoreApplication::exit(1); });
        watchdog.start(15000);
        const int code = QApplication::exec();
        watchdog.stop();
        QCOMPARE(code, 0);
        QCOMPARE(aboutToQuit.size(), 1);
        QCOMPARE(hidden.size(), 2); // quitting did not hide to the tray
    }
};

QTEST_MAIN(TestQueueWindow)
#include "tst_queuewindow.moc"
