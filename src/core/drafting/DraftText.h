#pragma once

#include "drafting/DraftingTypes.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace cx::drafting {

// Plain-text helpers the drafter shares: what a question asks (its content terms), sentences, Markdown
// removal, and knowledge-base boilerplate.

// The content words of a text, lower-case and accent-folded (knowledge::TextAnalyzer, the tokenizer the
// index uses), stopwords dropped, crudely stemmed ("returned", "returns" -> "return"), without duplicates.
QStringList contentTerms(const QString& text);
// The text's sentences, trimmed (split after . ! ? and at line breaks).
QStringList splitSentences(const QString& text);
// Markdown written as plain text: headings' '#', emphasis ('**', '__', '*', '_' around words), inline code
// ticks, links "[text](url)" -> "text (url)", horizontal rules; list dashes and line breaks stay.
QString stripMarkdown(const QString& text);
// A sentence that is about the knowledge base itself, not an answer: "X is a fictional company; this
// knowledge base is sample data ...", "Last updated ...", "This article ...". Such lines reached customers.
bool isBoilerplateSentence(const QString& sentence);
// Passages as the drafter should use them: Markdown removed, boilerplate sentences dropped (by pattern, and
// any sentence that appears in two or more different documents of this retrieval: a footer, not an
// answer). Passages left without text are dropped.
QList<Passage> cleanPassages(const QList<Passage>& passages);

// The question's terms with weights: the newest customer message counts 1.0, earlier unanswered ones 0.5,
// a reviewer's instruction 1.5 (it names what the new draft must contain).
using TermWeights = QHash<QString, double>;
TermWeights questionTerms(const QStringList& unansweredOldestFirst, const QString& instruction = {});
// Share (0..1) of the question's term weight found in `text`. 0 for an empty question.
double termCoverage(const TermWeights& question, const QString& text);

} // namespace cx::drafting
