#include "ApprovalsDrawer.h"

#include "DraftHeader.h"
#include "DraftStatusPanel.h"
#include "DraftSummaryLine.h"
#include "GradeSpinBox.h"
#include "RejectDialog.h"
#include "RewriteBar.h"
#include "SendConfirmation.h"
#include "Translations.h"
#include "WordDiff.h"
#include "review/EditDistance.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace cx::gui {

ApprovalsDrawer::ApprovalsDrawer(QWidget* parent)
    : QDockWidget(tr("Approval"), parent)
{
    Translations::ensureEnglishPlurals();
    setObjectName(QStringLiteral("approvalsDrawer"));
    setFeatures(
        QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("drawerPages"));
    m_emptyState = new QLabel(tr("No draft waiting for this conversation"), m_pages);
    m_emptyState->setObjectName(QStringLiteral("drawerEmptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_emptyState->setWordWrap(true);
    m_emptyState->setForegroundRole(QPalette::PlaceholderText); // quiet, readable in light and dark
    m_pages->addWidget(m_emptyState);
    m_pages->addWidget(buildDraftPage());
    setWidget(m_pages);

    m_reasonProvider = [this] { return RejectDialog::ask(this); };
    m_sendConfirmProvider
        = [this](const QStringList& concerns) { return SendConfirmation::ask(this, concerns); };

    m_confirmProvider
        = [this](const QString& reason) { return SendConfirmation::askSendAnyway(this, reason); };
    for (const auto& keys :
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) }) {
        auto* shortcut = new QShortcut(keys, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        if (keys == QKeySequence(Qt::CTRL | Qt::Key_Return)) // listed by the F1 shortcuts dialog
            shortcut->setWhatsThis(tr("Approve & send (all three grades set)"));
        connect(shortcut, &QShortcut::activated, this, &ApprovalsDrawer::approve);
    }
    auto* rejectShortcut = new QShortcut(rejectKeys(), this);
    rejectShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    rejectShortcut->setWhatsThis(tr("Reject the draft with a reason"));
    connect(rejectShortcut, &QShortcut::activated, this, &ApprovalsDrawer::reject);
    clearDraft();
}

ApprovalsDrawer::~ApprovalsDrawer() = default;

QWidget* ApprovalsDrawer::buildDraftPage()
{
    auto* page = new QWidget(m_pages);
    page->setObjectName(QStringLiteral("drawerDraftPage"));
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);

    // What the conversation is about, who, and how much to trust the draft.
    m_summary = new DraftSummaryLine(page);
    layout->addWidget(m_summary);
    m_header = new DraftHeader(page);
    layout->addWidget(m_header);

    m_notice = new QLabel(page);
    m_notice->setObjectName(QStringLiteral("drawerNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->hide();
    layout->addWidget(m_notice);

    m_status = new DraftStatusPanel(page);
    connect(m_status, &DraftStatusPanel::retryClicked, this, [this] {
        if (m_draft) {
            setBusy(true, tr("Retrying…"));
            emit retryRequested(m_draft->id);
        }
    });
    connect(m_status, &DraftStatusPanel::sendAnywayClicked, this, [this] {
        if (!m_draft || m_busy || !m_confirmProvider || !m_confirmProvider(m_sendAnywayReason))
            return;
        setBusy(true, tr("Sending…"));
        emit sendAnywayRequested(m_draft->id);
    });
    layout->addWidget(m_status);

    // The draft and its changes.
    auto* splitter = new QSplitter(Qt::Vertical, page);
    splitter->setObjectName(QStringLiteral("drawerSplitter"));
    splitter->setChildrenCollapsible(false);
    auto* editorArea = new QWidget(splitter);
    auto* editorLayout = new QVBoxLayout(editorArea);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    m_editorStack = new QStackedWidget(editorArea);
    m_editor = new QPlainTextEdit(m_editorStack);
    m_editor->setObjectName(QStringLiteral("draftEditor"));
    m_editor->setAccessibleName(tr("Draft reply"));
    m_editor->setTabChangesFocus(true);
    m_editorStack->addWidget(m_editor);
    m_diffView = new QTextBrowser(m_editorStack);
    m_diffView->setObjectName(QStringLiteral("diffView"));
    m_diffView->setAccessibleName(tr("Changes against the original draft"));
    m_editorStack->addWidget(m_diffView);
    editorLayout->addWidget(m_editorStack, 1);
    auto* editRow = new QHBoxLayout;
    m_showChanges = new QCheckBox(tr("Show changes"), editorArea);
    m_showChanges->setObjectName(QStringLiteral("showChangesToggle"));
    editRow->addWidget(m_showChanges);
    editRow->addStretch(1);
    m_editCounter = new QLabel(editorArea);
    m_editCounter->setObjectName(QStringLiteral("editCounter"));
    editRow->addWidget(m_editCounter);
    editorLayout->addLayout(editRow);
    m_rewriteBar = new RewriteBar(editorArea);
    editorLayout->addWidget(m_rewriteBar);
    connect(m_rewriteBar, &RewriteBar::rewriteRequested, this, &ApprovalsDrawer::runRewrite);
    splitter->addWidget(editorArea);

    // Sources (click one: its passage), evidence (click one: the passage it cites).
    m_details = new QTabWidget(splitter);
    m_details->setObjectName(QStringLiteral("detailsTabs"));
    auto* sourcesPage = new QSplitter(Qt::Horizontal, m_details);
    m_sources = new QListWidget(sourcesPage);
    m_sources->setObjectName(QStringLiteral("sourceList"));
    m_sources->setAccessibleName(tr("Sources"));
    m_sources->setTextElideMode(Qt::ElideRight);
    m_passage = new QTextBrowser(sourcesPage);
    m_passage->setObjectName(QStringLiteral("passageView"));
    m_passage->setAccessibleName(tr("Passage"));
    m_passage->setOpenExternalLinks(false);
    m_passage->setPlaceholderText(tr("Click a source to read the passage."));
    sourcesPage->addWidget(m_sources);
    sourcesPage->addWidget(m_passage);
    sourcesPage->setStretchFactor(0, 2);
    sourcesPage->setStretchFactor(1, 3);
    m_details->addTab(sourcesPage, tr("Sources"));
    m_evidence = new QListWidget(m_details);
    m_evidence->setObjectName(QStringLiteral("evidenceList"));
    m_evidence->setAccessibleName(tr("Evidence"));
    m_evidence->setWordWrap(true);
    m_details->addTab(m_evidence, tr("Evidence"));
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_sources, &QListWidget::currentRowChanged, this, &ApprovalsDrawer::showPassage);
    connect(m_sources, &QListWidget::itemClicked, this,
        [this](QListWidgetItem* item) { showPassage(m_sources->row(item)); });
    connect(m_evidence, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const int source = item->data(Qt::UserRole).toInt();
        if (source < 0)
            return;
        m_details->setCurrentIndex(0);
        m_sources->setCurrentRow(source);
        showPassage(source);
    });

    // Grades.
    auto* gradesBox = new QGroupBox(tr("Grades"), page);
    gradesBox->setObjectName(QStringLiteral("gradesBox"));
    auto* gradesLayout = new QVBoxLayout(gradesBox);
    auto* gradeRow = new QHBoxLayout;
    // Each label has a mnemonic (Alt+T, Alt+A, Alt+P in English) that focuses its box: grading by keyboard
    // without tabbing through the drawer (tst_accessibility::gradesByKeyboard).
    const auto addGrade = [&](review::GradeAxis axis, const QString& name, const QString& mnemonicText) {
        auto* label = new QLabel(mnemonicText, gradesBox);
        auto* box = new GradeSpinBox(gradesBox);
        box->setObjectName(name);
        box->setToolTip(review::gradeTooltip(axis));
        box->setAccessibleName(review::gradeAxisLabel(axis));
        label->setBuddy(box);
        label->setToolTip(review::gradeTooltip(axis));
        gradeRow->addWidget(label);
        gradeRow->addWidget(box);
        gradeRow->addSpacing(8);
        connect(box, &GradeSpinBox::touchedChanged, this, &ApprovalsDrawer::updateActions);
        return box;
    };
    m_tone = addGrade(review::GradeAxis::Tone, QStringLiteral("toneGrade"), tr("&Tone"));
    m_accuracy = addGrade(review::GradeAxis::Accuracy, QStringLiteral("accuracyGrade"), tr("&Accuracy"));
    m_policy = addGrade(review::GradeAxis::Policy, QStringLiteral("policyGrade"), tr("&Policy"));
    gradeRow->addStretch(1);
    gradesLayout->addLayout(gradeRow);
    m_gradeHint = new QLabel(gradesBox);
    m_gradeHint->setObjectName(QStringLiteral("gradeHint"));
    m_gradeHint->setWordWrap(true);
    gradesLayout->addWidget(m_gradeHint);
    layout->addWidget(gradesBox);

    // Decision.
    auto* buttons = new QHBoxLayout;
    m_regenerate = new QPushButton(tr("Regenerate"), page);
    m_regenerate->setObjectName(QStringLiteral("regenerateButton"));
    m_regenerate->setToolTip(
        tr("Discard this draft and write a new one, following the instruction if given"));
    m_instruction = new QLineEdit(page);
    m_instruction->setObjectName(QStringLiteral("regenerateInstruction"));
    m_instruction->setPlaceholderText(tr("Instruction, e.g. mention the return label"));
    m_instruction->setAccessibleName(tr("Instruction for the new draft"));
    buttons->addWidget(m_instruction, 1); // Enter in it regenerates
    buttons->addWidget(m_regenerate);
    buttons->addStretch(1);
    m_reject = new QPushButton(tr("Reject…"), page);
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_reject->setToolTip(
        tr("Reject this draft with a reason (%1)").arg(rejectKeys().toString(QKeySequence::NativeText)));
    buttons->addWidget(m_reject);
    m_approve = new QPushButton(tr("Approve && send"), page);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_approve->setToolTip(tr("Send this reply to the customer (Ctrl+Enter)"));
    m_approve->setDefault(true);
    buttons->addWidget(m_approve);
    layout->addLayout(buttons);

    connect(m_approve, &QPushButton::clicked, this, &ApprovalsDrawer::approve);
    connect(m_reject, &QPushButton::clicked, this, &ApprovalsDrawer::reject);
    auto regenerate = [this] {
        if (m_draft && !m_busy && m_regenerate->isEnabled())
            emit regenerateRequested(m_draft->id, m_instruction->text().trimmed());
    };
    connect(m_regenerate, &QPushButton::clicked, this, regenerate);
    connect(m_instruction, &QLineEdit::returnPressed, this, regenerate);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (m_draft)
            m_header->showDraft(liveDraft()); // a rewrite into the customer's language clears that risk
        updateEditInfo();
        updateActions();
    });
    connect(m_showChanges, &QCheckBox::toggled, this, [this](bool on) {
        m_editorStack->setCurrentWidget(on ? static_cast<QWidget*>(m_diffView) : m_editor);
        updateEditInfo();
    });

    setTabOrder(m_editor, m_rewriteBar->button(RewriteBar::Action::Shorter));
    setTabOrder(m_rewriteBar->button(RewriteBar::Action::CustomerLanguage), m_tone);
    setTabOrder(m_tone, m_accuracy);
    setTabOrder(m_accuracy, m_policy);
    setTabOrder(m_policy, m_approve);
    setTabOrder(m_approve, m_reject);
    setTabOrder(m_reject, m_instruction);
    setTabOrder(m_instruction, m_regenerate);
    return page;
}

bool ApprovalsDrawer::showDraft(const DraftView& draft)
{
    if (!draft.isReply()) {
        clearDraft();
        hide();
        return false;
    }
    const bool sameDraft = m_draft && m_draft->id == draft.id;
    const bool keepEdits = sameDraft && isEdited();
    m_draft = draft;
    m_rewriteBar->setCustomerLanguage(draft.customerLanguage);
    m_summary->setSummary(draft.summary);
    fillDetails(draft);
    if (!keepEdits) {
        const QSignalBlocker block(m_editor);
        m_editor->setPlainText(draft.draftText);
    }
    if (!sameDraft) {
        m_tone->resetUntouched();
        m_accuracy->resetUntouched();
        m_policy->resetUntouched();
        m_showChanges->setChecked(false);
        m_status->hide();
        m_notice->hide();
        m_finished = false;
        m_busy = false;
        m_rejecting = false;
        m_rejected = false;
        m_editor->setReadOnly(false);
    }
    m_pages->setCurrentIndex(1);
    updateEditInfo();
    updateActions();
    show();
    return true;
}

void ApprovalsDrawer::clearDraft()
{
    m_draft.reset();
    m_busy = false;
    m_finished = false;
    m_rejecting = false;
    m_rejected = false;
    {
        const QSignalBlocker block(m_editor);
        m_editor->clear();
    }
    m_tone->resetUntouched();
    m_accuracy->resetUntouched();
    m_policy->resetUntouched();
    m_showChanges->setChecked(false);
    m_sources->clear();
    m_evidence->clear();
    m_passage->clear();
    m_status->hide();
    m_notice->hide();
    m_pages->setCurrentIndex(0);
    updateActions();
}

void ApprovalsDrawer::fillDetails(const DraftView& draft)
{
    m_header->showDraft(draft);

    const int previousSource = m_sources->currentRow();
    m_sources->clear();
    for (const DraftSource& source : draft.sources) {
        auto* item = new QListWidgetItem(source.title.isEmpty() ? source.id : source.title, m_sources);
        QString tip = source.source;
        if (!source.snippet.isEmpty())
            tip += (tip.isEmpty() ? QString() : QStringLiteral("\n\n")) + source.snippet.left(400);
        item->setToolTip(tip);
    }
    m_details->setTabText(0, tr("Sources (%1)").arg(draft.sources.size()));
    if (draft.sources.isEmpty())
        m_passage->setHtml(QStringLiteral("<i>") + tr("This draft cites no source.").toHtmlEscaped()
            + QStringLiteral("</i>"));
    else if (previousSource >= 0 && previousSource < draft.sources.size())
        m_sources->setCurrentRow(previousSource);
    else
        m_passage->clear();

    m_evidence->clear();
    for (const DraftEvidence& e : draft.evidence) {
        int sourceIndex = -1;
        for (int i = 0; i < draft.sources.size(); ++i) {
            if (!e.sourceId.isEmpty() && draft.sources.at(i).id == e.sourceId)
                sourceIndex = i;
        }
        QString text = e.text;
        if (sourceIndex >= 0)
            text += QStringLiteral("  — ") + draft.sources.at(sourceIndex).title;
        else
            text += QStringLiteral("  — ") + tr("no source");
        auto* item = new QListWidgetItem(text, m_evidence);
        item->setData(Qt::UserRole, sourceIndex);
        if (sourceIndex < 0)
            item->setForeground(DraftHeader::riskColor(QStringLiteral("medium")));
    }
    m_details->setTabText(1, tr("Evidence (%1)").arg(draft.evidence.size()));
}

void ApprovalsDrawer::showPassage(int sourceIndex)
{
    if (!m_draft || sourceIndex < 0 || sourceIndex >= m_draft->sources.size())
        return;
    const DraftSource& s = m_draft->sources.at(sourceIndex);
    QString html = QStringLiteral("<p><b>") + s.title.toHtmlEscaped() + QStringLiteral("</b>");
    if (!s.source.isEmpty())
        html += QStringLiteral("<br><small>") + s.source.toHtmlEscaped() + QStringLiteral("</small>");
    html += QStringLiteral("</p><p style=\"white-space: pre-wrap;\">")
        + (s.snippet.isEmpty() ? tr("(no passage text stored)") : s.snippet).toHtmlEscaped()
        + QStringLiteral("</p>");
    m_passage->setHtml(html);
}

QString ApprovalsDrawer::editedText() const
{
    return m_editor->toPlainText();
}

bool ApprovalsDrawer::isEdited() const
{
    return m_draft && m_editor->toPlainText() != m_draft->draftText;
}

bool ApprovalsDrawer::gradesComplete() const
{
    return m_tone->isTouched() && m_accuracy->isTouched() && m_policy->isTouched();
}

std::optional<review::Grades> ApprovalsDrawer::grades() const
{
    if (!gradesComplete())
        return std::nullopt;
    return review::Grades { m_tone->value(), m_accuracy->value(), m_policy->value() };
}

void ApprovalsDrawer::setGradesRequiredToReject(bool required)
{
    m_gradesRequiredToReject = required;
    updateActions();
}

void ApprovalsDrawer::updateActions()
{
    const bool live = m_draft.has_value() && !m_busy && !m_finished;
    const bool graded = gradesComplete();
    const bool textOk = m_draft && review::validateFinalText(m_editor->toPlainText()).ok();
    const bool approveEnabled = live && graded && textOk;
    m_approve->setEnabled(approveEnabled);
    m_reject->setEnabled(live && (graded || !m_gradesRequiredToReject));
    m_regenerate->setEnabled(live);
    m_instruction->setEnabled(live);
    m_rewriteBar->setLive(live);
    m_status->setButtonsEnabled(!m_busy);
    m_editor->setReadOnly(!live);
    for (GradeSpinBox* box : { m_tone, m_accuracy, m_policy })
        box->setEnabled(live);

    QStringList missing;
    if (!m_tone->isTouched())
        missing << review::gradeAxisLabel(review::GradeAxis::Tone);
    if (!m_accuracy->isTouched())
        missing << review::gradeAxisLabel(review::GradeAxis::Accuracy);
    if (!m_policy->isTouched())
        missing << review::gradeAxisLabel(review::GradeAxis::Policy);
    if (!live)
        m_gradeHint->clear();
    else if (!missing.isEmpty())
        m_gradeHint->setText(
            tr("Set every grade to approve (still to set: %1). Keys 1–5 set the focused grade.")
                .arg(QLocale().createSeparatedList(missing)));
    else if (!textOk)
        m_gradeHint->setText(tr("The reply is empty or too long to send."));
    else
        m_gradeHint->setText(tr("Ready: Approve & send (Ctrl+Enter) sends this reply to the customer."));

    if (approveEnabled != m_approveWasEnabled) {
        m_approveWasEnabled = approveEnabled;
        emit approveEnabledChanged(approveEnabled);
    }
}

void ApprovalsDrawer::approve()
{
    if (!m_approve->isEnabled() || !m_draft)
        return;
    const auto g = grades();
    const auto text = review::validateFinalText(m_editor->toPlainText());
    if (!g || !text)
        return;
    const QString id = m_draft->id;
    const DraftView live = liveDraft();
    const QStringList concerns = SendConfirmation::concerns(live.riskLevel, live.riskReasons, *g);
    if (!concerns.isEmpty() && !(m_sendConfirmProvider && m_sendConfirmProvider(concerns)))
        return; // not confirmed: nothing is sent
    if (!m_draft || m_draft->id != id || !m_approve->isEnabled())
        return; // the draft changed while the question was open
    setBusy(true, tr("Sending…"));
    emit approveRequested(id, text.value(), *g);
}

void ApprovalsDrawer::reject()
{
    if (!m_reject->isEnabled() || !m_draft || !m_reasonProvider)
        return;
    const QString id = m_draft->id;
    const std::optional<QString> reason = m_reasonProvider();
    if (!reason)
        return; // cancelled
    if (!m_draft || m_draft->id != id)
        return; // the draft changed while the question was open
    if (reason->trimmed().isEmpty()) {
        showNotice(tr("A reason is required to reject a draft."), true);
        return;
    }
    const review::Grades g = grades().value_or(review::Grades {});
    m_rejecting = true;
    m_rejectReason = reason->trimmed();
    setBusy(true, tr("Recording the rejection…"));
    emit rejectRequested(id, g, m_rejectReason);
}

void ApprovalsDrawer::setBusy(bool busy, const QString& message)
{
    m_busy = busy;
    if (!busy)
        m_rejecting = false; // the window gave up on the rejection (nothing was recorded)
    if (busy && !message.isEmpty())
        showNotice(message, false);
    else if (!busy)
        m_notice->hide();
    updateActions();
}

QString ApprovalsDrawer::resultText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void ApprovalsDrawer::showState(const QString& text, DraftStatusPanel::Tone tone, bool retry, bool sendAnyway)
{
    m_notice->hide();
    m_status->showState(text, tone, retry, sendAnyway);
    updateActions();
}

void ApprovalsDrawer::showDelivery(const DeliveryState& state)
{
    if (!m_draft || state.draftId != m_draft->id)
        return;
    m_busy = false;
    m_finished = true; // approved: the text and grades are final
    if (!m_draft->finalText.isEmpty() && m_editor->toPlainText() != m_draft->finalText) {
        const QSignalBlocker block(m_editor);
        m_editor->setPlainText(m_draft->finalText);
        updateEditInfo();
    }
    using Tone = DraftStatusPanel::Tone;
    switch (state.kind) {
    case DeliveryState::Kind::Sending:
        showState(tr("Approved — sending this reply to Chatwoot…"), Tone::Info);
        break;
    case DeliveryState::Kind::Unconfirmed:
        showState(DraftStatusPanel::unconfirmedText(state.recheckAt), Tone::Warning);
        break;
    case DeliveryState::Kind::NeedsAttention:
        m_sendAnywayReason = state.reason;
        showState(tr("Needs attention: %1").arg(state.reason), Tone::Error, false, true);
        break;
    }
}

void ApprovalsDrawer::showResult(const SendResult& result)
{
    if (!m_draft || result.draftId != m_draft->id)
        return; // about a draft no longer shown
    m_busy = false;
    if (m_rejecting)
        return showRejectResult(result);
    using Tone = DraftStatusPanel::Tone;
    if (result.unconfirmed) {
        // Maybe sent, maybe not: locked, no retry (a retry could send it twice).
        m_finished = true;
        showState(DraftStatusPanel::unconfirmedText(result.recheckAt), Tone::Warning);
        return;
    }
    if (result.sent) {
        m_finished = true;
        showState(result.message.isEmpty() ? tr("Sent to the customer.") : result.message, Tone::Success);
        return;
    }
    QString text
        = result.stoppedAt.isEmpty() ? tr("Not sent.") : tr("Not sent: stopped at %1.").arg(result.stoppedAt);
    if (!result.message.isEmpty())
        text += QLatin1Char(' ') + result.message;
    if (result.canSendAnyway) {
        m_sendAnywayReason = result.message;
        text = tr("Needs attention: %1").arg(result.message);
    }
    // A retry resends the approved text: the draft stays locked while it may already be on its way.
    m_finished = result.canRetry || result.canSendAnyway;
    showState(text, Tone::Error, result.canRetry, result.canSendAnyway);
}

void ApprovalsDrawer::showRejectResult(const SendResult& result)
{
    m_rejecting = false;
    if (!result.stoppedAt.isEmpty() || result.unconfirmed) {
        // Not recorded: the draft stays as it was, so the reviewer can reject again (nothing was sent).
        QString text = result.stoppedAt.isEmpty() ? tr("Not rejected.")
                                                  : tr("Not rejected: stopped at %1.").arg(result.stoppedAt);
        if (!result.message.isEmpty())
            text += QLatin1Char(' ') + result.message;
        m_finished = false;
        showState(text, DraftStatusPanel::Tone::Error);
        return;
    }
    // Rejected is a decision, not a failure: a neutral state, everything locked.
    m_finished = true;
    m_rejected = true;
    QString text = tr("Rejected — %1").arg(m_rejectReason);
    if (!result.message.isEmpty())
        text += QLatin1Char('\n') + result.message;
    showState(text, DraftStatusPanel::Tone::Neutral);
}

} // namespace cx::gui
