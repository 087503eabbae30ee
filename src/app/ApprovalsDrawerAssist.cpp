// ApprovalsDrawer: what helps while writing (the edit counter and word diff, the rewrite actions, the risk as
// the edited text stands), kept apart from the drawer's review flow in ApprovalsDrawer.cpp.
#include "ApprovalsDrawer.h"
#include "DraftHeader.h"
#include "DraftStatusPanel.h"
#include "RewriteBar.h"
#include "WordDiff.h"
#include "drafting/LanguageGuess.h"
#include "drafting/RiskAssessor.h"
#include "review/EditDistance.h"

#include <QCheckBox>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QTextBrowser>
#include <QTextCursor>

namespace cx::gui {

void ApprovalsDrawer::updateEditInfo()
{
    if (!m_draft) {
        m_editCounter->clear();
        return;
    }
    const QString current = m_editor->toPlainText();
    const review::EditDistance d = review::editDistance(m_draft->draftText, current);
    m_editCounter->setText(d.distance == 0 ? tr("No edits")
                                           : tr("%n character(s) changed", nullptr, d.distance)
                + QStringLiteral(" (") + QLocale().toString(d.ratio * 100.0, 'f', 0) + QStringLiteral("%)"));
    if (m_showChanges->isChecked()) {
        m_diffView->setHtml(diffToHtml(wordDiff(m_draft->draftText, current), QColor(0x2e, 0xa0, 0x43, 90),
            QColor(0xd1, 0x34, 0x38, 90)));
    }
}

void ApprovalsDrawer::showNotice(const QString& text, bool error)
{
    using Tone = DraftStatusPanel::Tone;
    m_notice->setStyleSheet(
        DraftStatusPanel::tintStyle(QStringLiteral("QLabel"), error ? Tone::Error : Tone::Info, palette())
        + QStringLiteral("QLabel { padding: 4px; }"));
    m_notice->setText(text);
    m_notice->show();
}

void ApprovalsDrawer::setRewriter(drafting::DraftRewriter* rewriter)
{
    m_rewriteBar->setRewriter(rewriter);
}

void ApprovalsDrawer::runRewrite(drafting::DraftRewriter::Action action)
{
    drafting::DraftRewriter* rewriter = m_rewriteBar->rewriter();
    if (!m_draft || !rewriter || m_busy || m_finished || m_rewriteBar->isRunning())
        return;
    drafting::DraftRewriter::Input input;
    input.text = m_editor->toPlainText();
    if (!m_draft->customerMessage.isEmpty())
        input.customerTexts = { m_draft->customerMessage };
    input.customerLanguage = m_draft->customerLanguage;
    const QString id = m_draft->id;
    m_rewriteBar->setRunning(true);
    m_editor->setReadOnly(true);
    rewriter->rewrite(action, input, this, [this, id](Result<QString> rewritten) {
        m_rewriteBar->setRunning(false);
        updateActions();
        if (!m_draft || m_draft->id != id)
            return; // another draft is shown now
        if (!rewritten) {
            showNotice(rewritten.error().message, true);
            return;
        }
        m_notice->hide();
        // One undoable edit (Ctrl+Z brings the previous text back); "Show changes" diffs it as any edit.
        QTextCursor cursor(m_editor->document());
        cursor.beginEditBlock();
        cursor.select(QTextCursor::Document);
        cursor.insertText(rewritten.value());
        cursor.endEditBlock();
        m_editor->setFocus();
    });
}

DraftView ApprovalsDrawer::liveDraft() const
{
    DraftView live = *m_draft;
    if (live.customerLanguage.isEmpty())
        return live;
    const QString code = QStringLiteral("language_mismatch");
    const bool differs
        = drafting::languagesDiffer(live.customerLanguage, drafting::guessLanguage(m_editor->toPlainText()));
    if (differs == live.riskReasons.contains(code))
        return live;
    if (differs)
        live.riskReasons.append(code);
    else
        live.riskReasons.removeAll(code);
    live.riskLevel = drafting::riskLevelName(drafting::RiskAssessor::levelOf(live.riskReasons));
    return live;
}

} // namespace cx::gui
