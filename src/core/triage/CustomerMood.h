#pragma once

#include "triage/SentimentAnalyzer.h"

#include <QString>
#include <QStringList>

namespace cx::triage {

// How a customer's message sounds, for the queue: from VADER's compound score (analyzeSentiment) and a short
// list of urgency cues. Offline and deterministic; documented in README.md ("Priority by sentiment").
//   Angry    — compound ≤ -0.5, or negative and shouting (an ALL-CAPS word of 3+ letters, or "!!");
//   Upset    — compound ≤ -0.05 (VADER's negative band);
//   Positive — compound ≥ 0.5;
//   Neutral  — the rest.
// Urgent — the message asks for speed or says it has waited ("urgent", "asap", "immediately", "right now",
// "still waiting", "again" after a complaint, …), whatever its tone.
enum class Mood { Positive, Neutral, Upset, Angry };

struct MoodEstimate {
    Mood mood = Mood::Neutral;
    double compound = 0;
    bool urgent = false;
    QStringList cues; // the urgency cues found, lower case
    // Angry or urgent: the conversation moves up one SLA tier in the queue (review::QueueUrgency::raised).
    bool raisesPriority() const { return mood == Mood::Angry || urgent; }
};

MoodEstimate estimateMood(
    const QString& customerText, const SentimentLexicon& lexicon = SentimentLexicon::builtIn());

// "angry", "upset", "neutral", "positive": stable names for logs, JSON and tests.
QString moodKey(Mood mood);

} // namespace cx::triage
