#pragma once

#include "triage/SentimentLexicon.h"

#include <QString>

namespace cx::triage {

// How positive or negative a customer's message sounds, by the rules of VADER (Hutto & Gilbert, "VADER: A
// Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text", ICWSM 2014), implemented from
// the paper's description and the reference implementation's documented behaviour:
//  - each token's valence from the lexicon; boosters and dampeners up to three words before it ("very",
//    "kind of") shift it by 0.293, less with distance; an ALL-CAPS word among mixed-case ones adds 0.733;
//  - a negation up to three words before it ("not", "isn't", "never") multiplies it by -0.74; "at least"
//    flips too;
//  - after "but", words weigh 1.5×, before it 0.5×;
//  - "!" (up to 4) and "??" add emphasis; the sum is normalised to the compound score x / sqrt(x² + 15).
// Where the reference implementation (vaderSentiment 3.3.2) has a known slip, this follows the paper's
// intent: "never so/this" amplifies only after "never", and "but" reweighs words by position, not by value.
struct SentimentScores {
    double compound = 0; // -1 (most negative) … +1 (most positive); ±0.05 is VADER's neutral band
    double positive = 0; // shares of the text, summing to 1
    double negative = 0;
    double neutral = 0;
};

SentimentScores analyzeSentiment(
    const QString& text, const SentimentLexicon& lexicon = SentimentLexicon::builtIn());

} // namespace cx::triage
