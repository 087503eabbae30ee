#pragma once

#include <QString>

namespace cx::drafting {

// A small, documented language guess for drafts and customer messages (no dictionary download, no model):
// the text's words are matched against short lists of the most frequent function words of English, German,
// Spanish, French, Portuguese, Italian and Dutch ("the/and/is", "der/und/ist", ...). The language with the
// most hits wins when it has at least 3 hits and at least 1.5 times the runner-up's; otherwise the guess is
// empty ("not sure"), and nothing is concluded from it. Returns an ISO 639-1 code.
QString guessLanguage(const QString& text);
// The language's English name for the reviewer ("German"), translated; the code itself when unknown.
QString languageName(const QString& code);
// Both guesses known and different: the draft is not in the customer's language.
bool languagesDiffer(const QString& customerLanguage, const QString& draftLanguage);

} // namespace cx::drafting
