#pragma once

#include <QJsonObject>

namespace cx::sandbox {

// The SIMULATED server's answer to a "draft_rewrite" request (drafting::DraftRewriter): deterministic text
// edits that do what the action says, so tests and the demo see a plausible, fact-keeping rewrite:
//   shorter     greeting, the first half of the body's sentences (courtesy lines dropped), sign-off
//   friendlier  a warm line after the greeting, "Warm wishes" as the sign-off's first line
//   formal      contractions expanded, "Hi" -> "Dear", "Thanks" -> "Thank you", "Yours sincerely"
//   grammar     spaces, "i" -> "I", sentence capitals, doubled words
//   language    German, Spanish or French: a phrase table for the offline drafter's fixed sentences and a
//               small word table for the rest (crude, clearly a simulation; figures and links unchanged)
// Returns {reply, language}. Reads the request's "Action:", "Target language:" and "<<<"/">>>" lines.
QJsonObject simulatedRewrite(const QJsonObject& request);

} // namespace cx::sandbox
