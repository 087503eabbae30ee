#include "drafting/DraftNote.h"

#include "drafting/DraftText.h"
#include "drafting/RiskReasonText.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace cx::drafting {

namespace {
const QRegularExpression& markerPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("<!--\\s*cxpilot:draft\\s+v(\\d+)(?:\\s+id=([^\\s>]+))?\\s*-->"));
    return pattern;
}
QString tr(const char* text)
{
    // The private note is read in Chatwoot by the whole team and written next to the customer's conversation:
    // it does not follow one reviewer's UI language, so it is not looked up in the UI's catalogue. The calls
    // stay marked (lupdate context cx::drafting::DraftNote) for when notes follow the conversation's
    // language.
    return QString::fromUtf8(text);
}
} // namespace

bool DraftNote::isOwnDraftNote(const QString& content)
{
    return markerPattern().match(content).hasMatch();
}

QString DraftNote::draftIdOf(const QString& content)
{
    return markerPattern().match(content).captured(2);
}

QString DraftNote::format(const DraftResult& result)
{
    // Plain text: Chatwoot shows a private note's Markdown literally in some views (and CX Pilot's thread
    // view always does), so no asterisks, rules or link syntax; the reply is set off by blank lines.
    QString note = QStringLiteral("<!-- cxpilot:draft v1 id=%1 -->\n").arg(result.draftId);
    if (result.offline)
        note += tr("CX Pilot draft (offline: extractive, no model)") + QStringLiteral("\n\n");
    else
        note += tr("CX Pilot draft") + QStringLiteral("\n\n");
    note += stripMarkdown(result.reply.trimmed()) + QStringLiteral("\n\n");
    if (!result.summary.isEmpty())
        note += tr("Conversation: %1").arg(result.summary) + QLatin1Char('\n');
    if (!result.instruction.isEmpty())
        note += tr("Instruction: %1").arg(result.instruction) + QLatin1Char('\n');
    note += tr("Confidence: %1 %, risk: %2")
                .arg(QString::number(qRound(result.confidence * 100)), riskLevelName(result.risk.level));
    if (!result.risk.reasons.isEmpty()) {
        QStringList reasons;
        for (const QString& code : result.risk.reasons)
            reasons << untranslatedRiskReasonText(code);
        note += QStringLiteral(" (") + reasons.join(QStringLiteral("; ")) + QLatin1Char(')');
    }
    note += QLatin1Char('\n');
    if (!result.sources.isEmpty()) {
        note += tr("Sources:") + QLatin1Char('\n');
        for (const Passage& passage : result.sources) {
            note += QStringLiteral("\u2022 ") + passage.title;
            if (!passage.source.isEmpty())
                note += QStringLiteral(" (") + passage.source + QLatin1Char(')');
            note += QLatin1Char('\n');
        }
    } else {
        note += tr("Sources: none") + QLatin1Char('\n');
    }
    if (!result.unknownCitations.isEmpty())
        note += tr("Dropped unknown citations: %1").arg(result.unknownCitations.join(QStringLiteral(", ")))
            + QLatin1Char('\n');
    for (const Finding& finding : result.tone.findings) {
        const QString mark = finding.severity == Severity::Blocker ? QStringLiteral("\u26d4")
                                                                   : QStringLiteral("\u26a0\ufe0f");
        note += QStringLiteral("%1 %2\n").arg(mark, finding.message);
    }
    note += tr("Prompt %1, model %2")
                .arg(result.promptVersion, result.model.isEmpty() ? tr("none") : result.model)
        + QStringLiteral("\n");
    note += tr("Review before sending: nothing reaches the customer without approval.");
    return note;
}

} // namespace cx::drafting
