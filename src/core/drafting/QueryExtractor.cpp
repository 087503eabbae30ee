#include "drafting/QueryExtractor.h"

#include "drafting/DraftNote.h"

namespace cx::drafting {

bool QueryExtractor::isPromptSafe(const ConversationTurn& turn)
{
    return turn.role != TurnRole::Note && !turn.isPrivate && !DraftNote::isOwnDraftNote(turn.text)
        && !turn.text.trimmed().isEmpty();
}

QList<ConversationTurn> QueryExtractor::unansweredCustomerTurns(const QList<ConversationTurn>& turns)
{
    QList<ConversationTurn> out;
    for (const ConversationTurn& turn : turns) {
        if (!isPromptSafe(turn))
            continue;
        if (turn.role == TurnRole::Agent)
            out.clear(); // answered up to here
        else if (turn.role == TurnRole::Customer)
            out.append(turn);
    }
    return out;
}

QString QueryExtractor::query(const QList<ConversationTurn>& turns)
{
    QStringList texts;
    for (const ConversationTurn& turn : unansweredCustomerTurns(turns))
        texts.append(turn.text.trimmed());
    return texts.join(QStringLiteral("\n\n"));
}

QList<ConversationTurn> QueryExtractor::publicHistory(const QList<ConversationTurn>& turns, int maxTurns)
{
    QList<ConversationTurn> out;
    for (const ConversationTurn& turn : turns) {
        if (isPromptSafe(turn))
            out.append(turn);
    }
    if (maxTurns > 0 && out.size() > maxTurns)
        out = out.mid(out.size() - maxTurns);
    return out;
}

} // namespace cx::drafting
