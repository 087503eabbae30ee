#pragma once

#include "DraftStatusPanel.h"
#include "DraftView.h"
#include "drafting/DraftRewriter.h"
#include "review/Grades.h"

#include <QDateTime>
#include <QDockWidget>
#include <QKeySequence>

#include <functional>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;

namespace cx::gui {

class DraftHeader;
class DraftSummaryLine;
class GradeSpinBox;
class RewriteBar;

// What happened to an approved reply, as the approval flow reports it.
struct SendResult {
    QString draftId;
    bool sent = false;
    QString stoppedAt; // when not sent: the step that did not complete ("sending the reply", ...)
    QString message; // what the reviewer should know (already translated)
    bool canRetry = false;
    // The POST's outcome is not known: never "not sent" (it may well have arrived). No retry: the core looks
    // in Chatwoot at recheckAt before anything is sent again.
    bool unconfirmed = false;
    QDateTime recheckAt {};
    // A stale refusal (the customer was answered meanwhile, the conversation was resolved): the reviewer may
    // deliberately confirm the send.
    bool canSendAnyway = false;
};

// Where an approved reply that has not reached Chatwoot is (shown for drafts opened from the queue).
struct DeliveryState {
    enum class Kind { Sending, Unconfirmed, NeedsAttention };
    QString draftId;
    Kind kind = Kind::Sending;
    QDateTime recheckAt = {}; // Unconfirmed
    QString reason = {}; // NeedsAttention: why (translated)
};

// The approvals drawer: one pending reply draft, its evidence, and the reviewer's decision.
//
// The reviewer edits the draft (a "Show changes" toggle shows a word diff against the original), reads the
// sources (clicking one shows its passage), sees confidence, tone findings and risk, and grades tone,
// accuracy and policy. Approve & send (Ctrl+Enter) stays disabled until the reviewer has set all three grades
// for this draft — the default 3 does not count — and the text is sendable. A High-risk draft, or one graded
// below 4 on policy, asks once more through sendConfirmProvider (a message box naming why) before anything is
// requested. Showing another draft resets the grades. Reject (Ctrl+Shift+R) asks for a reason through
// reasonProvider (a RejectDialog of preset reasons by default) and refuses an empty one; it also needs the
// three grades unless setGradesRequiredToReject(false). A recorded rejection leaves the draft in a neutral,
// locked "Rejected" state. Only reply drafts (kind cx_reply) are shown.
//
// The drawer decides nothing itself: it emits approveRequested / rejectRequested / regenerateRequested /
// retryRequested, and the approval flow answers with showResult().
class ApprovalsDrawer final : public QDockWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApprovalsDrawer)
public:
    // Returns the reason, or nullopt when the reviewer cancelled.
    using ReasonProvider = std::function<std::optional<QString>()>;
    // Asks "send anyway?" for a stale refusal; true when the reviewer confirms.
    using ConfirmProvider = std::function<bool(const QString& reason)>;
    // Asks "send this risky reply?" naming the concerns (SendConfirmation::concerns); true to send.
    using SendConfirmProvider = std::function<bool(const QStringList& concerns)>;

    explicit ApprovalsDrawer(QWidget* parent = nullptr);
    ~ApprovalsDrawer() override;

    // Shows a reply draft and returns true. A draft of another kind is not for this drawer: it shows the
    // empty state, hides itself and returns false. The same draft again (a refresh) keeps the reviewer's
    // edits and grades; another draft starts over (grades back to 3, untouched).
    bool showDraft(const DraftView& draft);
    // "No draft waiting for this conversation".
    void clearDraft();

    bool hasDraft() const { return m_draft.has_value(); }
    QString currentDraftId() const { return m_draft ? m_draft->id : QString(); }
    QString originalText() const { return m_draft ? m_draft->draftText : QString(); }
    QString editedText() const;
    bool isEdited() const;
    bool gradesComplete() const;
    // The grades, when all three were set by the reviewer.
    std::optional<review::Grades> grades() const;

    void setReasonProvider(ReasonProvider provider) { m_reasonProvider = std::move(provider); }
    void setGradesRequiredToReject(bool required);
    void setConfirmProvider(ConfirmProvider provider) { m_confirmProvider = std::move(provider); }
    void setSendConfirmProvider(SendConfirmProvider provider) { m_sendConfirmProvider = std::move(provider); }
    // Opens the reject question while the drawer has the focus (the window may list it with its shortcuts).
    static QKeySequence rejectKeys() { return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R); }

    // After approveRequested the drawer shows "Sending…" and waits for this (or setBusy(false)).
    void showResult(const SendResult& result);
    // The shown draft is approved but not in Chatwoot yet: read-only, with its state and the one action that
    // fits (none while sending or unconfirmed; "Send anyway…" behind a confirmation when it needs attention).
    void showDelivery(const DeliveryState& state);
    QString resultText() const;
    // The shown draft's rejection was recorded: locked, with a neutral "Rejected" state.
    bool isRejected() const { return m_draft && m_rejected; }
    void setBusy(bool busy, const QString& message = {});
    bool isBusy() const { return m_busy; }
    // An inline notice in the drawer (not a dialog).
    void showNotice(const QString& text, bool error);
    // The rewrite actions' engine (a model, or offline "shorter" only); nullptr disables them.
    void setRewriter(drafting::DraftRewriter* rewriter);

signals:
    void approveRequested(const QString& draftId, const QString& finalText, const cx::review::Grades& grades);
    void rejectRequested(const QString& draftId, const cx::review::Grades& grades, const QString& reason);
    // Regenerate, with the reviewer's instruction for the new draft ("mention the return label"; may be
    // empty).
    void regenerateRequested(const QString& draftId, const QString& instruction);
    void retryRequested(const QString& draftId);
    // The reviewer confirmed sending a reply the core refused as stale.
    void sendAnywayRequested(const QString& draftId);
    // Enabled state of Approve & send changed (tests and the window's menu action follow it).
    void approveEnabledChanged(bool enabled);

private:
    QWidget* buildDraftPage();
    void fillDetails(const DraftView& draft);
    void updateActions();
    void updateEditInfo();
    void showPassage(int sourceIndex);
    void approve();
    void reject();
    void showState(
        const QString& text, DraftStatusPanel::Tone tone, bool retry = false, bool sendAnyway = false);
    void showRejectResult(const SendResult& result);
    // ApprovalsDrawerAssist.cpp: rewrite actions, and the risk as the edited text stands.
    void runRewrite(drafting::DraftRewriter::Action action);
    DraftView liveDraft() const; // m_draft with "not in the customer's language" re-checked on the text

    std::optional<DraftView> m_draft;
    ReasonProvider m_reasonProvider;
    ConfirmProvider m_confirmProvider;
    SendConfirmProvider m_sendConfirmProvider;
    QString m_rejectReason;
    bool m_rejecting = false; // a rejection was requested: the next result is about it
    bool m_rejected = false; // ... and it was recorded
    QString m_sendAnywayReason;
    bool m_gradesRequiredToReject = true;
    bool m_busy = false;
    bool m_finished = false; // sent: nothing more to do with this draft

    QStackedWidget* m_pages = nullptr;
    QLabel* m_emptyState = nullptr;
    DraftSummaryLine* m_summary = nullptr;
    DraftHeader* m_header = nullptr;
    QLabel* m_notice = nullptr;
    DraftStatusPanel* m_status = nullptr;
    QStackedWidget* m_editorStack = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    QTextBrowser* m_diffView = nullptr;
    QCheckBox* m_showChanges = nullptr;
    QLabel* m_editCounter = nullptr;
    RewriteBar* m_rewriteBar = nullptr;
    QTabWidget* m_details = nullptr;
    QListWidget* m_sources = nullptr;
    QListWidget* m_evidence = nullptr;
    QTextBrowser* m_passage = nullptr;
    GradeSpinBox* m_tone = nullptr;
    GradeSpinBox* m_accuracy = nullptr;
    GradeSpinBox* m_policy = nullptr;
    QLabel* m_gradeHint = nullptr;
    QPushButton* m_approve = nullptr;
    QPushButton* m_reject = nullptr;
    QPushButton* m_regenerate = nullptr;
    QLineEdit* m_instruction = nullptr;
    bool m_approveWasEnabled = false;
};

} // namespace cx::gui
