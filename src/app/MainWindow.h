#pragma once

#include "AppServices.h"
#include "chatwoot/ChatwootTypes.h"
#include "foundation/Result.h"
#include "review/ApprovalFlow.h"
#include "review/Grades.h"
#include "review/Recovery.h"

#include <QMainWindow>

#include <memory>

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
struct DraftView;

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
    QList<QAction*> shortcutActions() const { return m_shortcutActions; }

signals:
    void databaseReady();
    void conversationShown(qint64 conversationId);
    void draftShown(const QString& draftId);

protected:
    void showEvent(QShowEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildQueue();
    void buildActions();
    void buildStatusBar();
    void wireServices();
    void onConversationsPolled(const QList<chatwoot::Conversation>& conversations, bool full);
    void showDraftForConversation(qint64 conversationId);
    void onApprove(const QString& draftId, const QString& text, const review::Grades& grades);
    void onReject(const QString& draftId, const review::Grades& grades, const QString& reason);
    void afterReview(
        const QString& draftId, const Result<review::ApprovalFlow::Outcome>& result, bool approving);
    void moveToNextDraft(const QString& after);
    void openFirstLiveDraft(QStringList candidates, quint64 navigation);
    void selectRelative(int delta);
    void refreshThread();
    void onRecoveryRan(const review::Recovery::Report& report);
    void openSettings();
    void maybeWelcome();

    Options m_options;
    bool m_started = false;
    AppServices* m_services = nullptr;
    MessageBanner* m_banner = nullptr;
    MessageBanner* m_recoveryBanner = nullptr; // "1 reply resumed and sent"
    AttentionBanner* m_attention = nullptr; // "Needs attention: …" [Open draft]
    ConversationModel* m_conversations = nullptr;
    ConversationFilterModel* m_filter = nullptr;
    QTableView* m_queue = nullptr;
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
    QList<QAction*> m_shortcutActions;
    qint64 m_currentConversation = 0;
    static constexpr qsizetype kThreadPage = 100; // messages shown at once; older ones page in on scroll
    QList<chatwoot::Message> m_threadHistory;
    qsizetype m_threadShown = 0;
    QString m_pendingDraftToOpen;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<QSettings> m_qsettings;
};

} // namespace cx::gui
