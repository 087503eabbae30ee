#pragma once

#include "AppServices.h"
#include "chatwoot/ChatwootTypes.h"
#include "foundation/Result.h"
#include "review/ApprovalFlow.h"
#include "review/Grades.h"
#include "review/Recovery.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <memory>
#include <optional>

class QLabel;
class QTableView;
class QComboBox;
class QCheckBox;
class QProgressBar;
class QAction;
class QSettings;
class QTabWidget;

namespace cx {
class SecretStore;
}
namespace cx::storage {
class Database;
}
namespace cx::review {
struct ReviewQueueItem;
class SlaAlerts;
} // namespace cx::review

namespace cx::gui {

class MessageBanner;
class AttentionBanner;
class ConversationModel;
class ConversationFilterModel;
class DraftModel;
class ConversationThreadView;
class ApprovalsDrawer;
class NotificationCenter;
class DashboardWidget;
class ReportExporter;
class ConversationQueueView;
class ShortcutsDialog;
class KnowledgeBaseDialog;
struct DraftView;
struct DeliveryState;

// The reviewer's workspace: the queue (left), the conversation (centre), the approvals drawer (right dock),
// status bar and tray. Thin: it wires AppServices (core) to the widgets. Nothing slow happens before the
// first paint — services start after show().
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    struct Options {
        bool demo = false;
        QString databaseUrl; // empty: the settings' (or, in the demo, a throw-away SQLite file)
        // Tests shorten these; see AppServices::Options.
        int pollIntervalMs = 0; // 0: the default
        int signalFlushIntervalMs = 30000;
        int recoveryIntervalMs = 60000;
        QString signalQueuePath = {};
        QString keychainService = QStringLiteral("cxpilot");
    };
    explicit MainWindow(Options options, QWidget* parent = nullptr);
    ~MainWindow() override;

    void quitAfter(int msecs);
    std::shared_ptr<storage::Database> database() const;
    AppServices* services() const { return m_services; }
    // Shows a conversation (and its waiting draft, if any).
    void openConversation(qint64 conversationId);
    void openDraft(const QString& draftId);
    // Every action of the window (and its parts) that has a keyboard shortcut; F1 lists exactly these.
    QList<QAction*> shortcutActions() const;
    ShortcutsDialog* showShortcuts();
    // File › Knowledge base…: one dialog at a time (raised when open); nullptr while the index is opening.
    KnowledgeBaseDialog* openKnowledgeBase();
    // File › Quit and the tray's Quit: leaves the application even while closing would hide to the tray.
    void quitApplication();
    // After Settings (or the welcome) saved: the services start again with `settings`, no restart needed.
    // Waits for a reply being sent to finish first.
    void applySettings(const Settings& settings);
    // Tests: behave as if a system tray showed (true) or did not show (false) our icon; nullopt: ask it.
    void setTrayOverrideForTesting(std::optional<bool> trayShown) { m_trayOverride = trayShown; }

signals:
    void databaseReady();
    void conversationShown(qint64 conversationId);
    void draftShown(const QString& draftId);
    // Closing hid the window to the tray; `toldUser`: the one-time "still running" notice went out.
    void hiddenToTray(bool toldUser);

protected:
    void showEvent(QShowEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildQueue();
    void buildActions();
    void buildStatusBar();
    void wireServices();
    void connectServices(); // the signals of m_services (again after applySettings)
    void wireWidgets();
    // MainWindowNotifications.cpp: new drafts (batched into one summary), SLA alerts, the tray's requests.
    void wireNotifications();
    void notifyNewDrafts();
    void noteCustomerQuestions(const QList<chatwoot::Conversation>& conversations);
    void checkSla();
    // MainWindowConnection.cpp: when Chatwoot cannot be reached, one banner per outage saying what to do,
    // and the queue's empty state saying why it is empty.
    void buildQueueEmptyState();
    void updateQueueEmptyState();
    void setChatwootReachable(bool reachable);
    void onConversationsPolled(const QList<chatwoot::Conversation>& conversations, bool full);
    void showDraftForConversation(qint64 conversationId);
    void onApprove(const QString& draftId, const QString& text, const review::Grades& grades);
    void onReject(const QString& draftId, const review::Grades& grades, const QString& reason);
    void afterReview(
        const QString& draftId, const Result<review::ApprovalFlow::Outcome>& result, bool approving);
    // AfterReview: the most urgent waiting draft other than `current` (just reviewed). Following: the one
    // after `current` in urgency order, wrapping round ("Next waiting draft").
    enum class NextDraft { AfterReview, Following };
    void moveToNextDraft(const QString& current, NextDraft mode);
    void openFirstLiveDraft(QStringList candidates, quint64 navigation);
    void selectRelative(int delta);
    void refreshThread();
    void onRecoveryRan(const review::Recovery::Report& report);
    void openSettings();
    void maybeWelcome();
    bool hidesToTray() const;
    void tellAboutTrayOnce();
    QSettings& qsettings();
    static DeliveryState deliveryStateOf(const review::ReviewQueueItem& draft);

    Options m_options;
    bool m_started = false;
    AppServices* m_services = nullptr;
    AppServices::Options m_serviceOptions;
    MessageBanner* m_banner = nullptr;
    MessageBanner* m_recoveryBanner = nullptr; // "1 reply resumed and sent"
    AttentionBanner* m_attention = nullptr; // "Needs attention: …" [Open draft]
    ConversationModel* m_conversations = nullptr;
    ConversationFilterModel* m_filter = nullptr;
    ConversationQueueView* m_queue = nullptr;
    QComboBox* m_scope = nullptr;
    QCheckBox* m_draftsOnly = nullptr;
    QCheckBox* m_atRiskOnly = nullptr;
    ConversationThreadView* m_thread = nullptr;
    ApprovalsDrawer* m_drawer = nullptr;
    QTabWidget* m_tabs = nullptr;
    DashboardWidget* m_dashboard = nullptr;
    ReportExporter* m_exporter = nullptr;
    DraftModel* m_drafts = nullptr;
    NotificationCenter* m_notifications = nullptr;
    QHash<AppServices::Part, QLabel*> m_partLabels;
    QLabel* m_syncLabel = nullptr;
    QLabel* m_signalQueueLabel = nullptr;
    bool m_databaseLost = false; // the draft list could not be read: flush queued signals when it is back
    // Bumped whenever the reviewer (or auto-advance) goes somewhere: a late answer for an older navigation
    // must not move the selection or the drawer.
    quint64 m_navigation = 0;
    quint64 m_draftRequest = 0;
    QProgressBar* m_progress = nullptr;
    bool m_quitting = false; // quitApplication() asked: closing must not hide to the tray
    std::optional<bool> m_trayOverride;
    qint64 m_currentConversation = 0;
    static constexpr qsizetype kThreadPage = 100; // messages shown at once; older ones page in on scroll
    QList<chatwoot::Message> m_threadHistory;
    qsizetype m_threadShown = 0;
    QString m_pendingDraftToOpen;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<QSettings> m_qsettings;
    QPointer<KnowledgeBaseDialog> m_knowledgeDialog;
    QHash<qint64, QString> m_customerQuestions; // conversation -> the customer's latest message seen
    QStringList m_newDrafts; // announced by the draft list, notified together once it is done
    QTimer* m_newDraftTimer = nullptr;
    QTimer* m_slaTimer = nullptr;
    std::unique_ptr<review::SlaAlerts> m_slaAlerts;
    QLabel* m_queueEmpty = nullptr;
    bool m_chatwootUnreachable = false;
    QString m_unreachableText; // the banner's text while it is about that
};

} // namespace cx::gui
