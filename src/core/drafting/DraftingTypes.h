#pragma once

#include "llm/ChatTypes.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace cx::drafting {

// A message of the conversation, independent of the Chatwoot module (an adapter maps Chatwoot messages).
enum class TurnRole { Customer, Agent, Note };
struct ConversationTurn {
    TurnRole role = TurnRole::Customer;
    QString text;
    bool isPrivate = false; // private notes (ours included) never enter a prompt
    QDateTime createdAt;
};

// A retrieved knowledge-base passage (the knowledge module's search hits map onto this).
struct Passage {
    QString chunkId; // cited by the model; must be unique within one retrieval
    QString docId;
    QString title;
    QString text;
    double score = 0; // retrieval score, higher is better (any scale)
    QString source; // URL or file the passage came from
};

struct Retrieval {
    QList<Passage> passages;
    double confidence = 0; // the knowledge base's own 0..1 signal for this query
    QString kbVersion; // part of the cache key
};

enum class Severity { Info, Warning, Blocker };

struct Finding {
    QString rule; // stable code, e.g. "unsupported_link" (see ToneValidator)
    Severity severity = Severity::Warning;
    QString message;
};

struct ToneReport {
    QStringList labels; // e.g. "empathetic", "neutral", "shouting", "too_long"
    QList<Finding> findings;
    bool customerUpset = false;
    int warnings() const;
    int blockers() const;
    bool has(const QString& rule) const;
};

struct EvidenceLink {
    QString claim;
    QStringList passageIds; // only ids that were retrieved
    bool supported() const { return !passageIds.isEmpty(); }
};

enum class RiskLevel { Low, Medium, High };
QString riskLevelName(RiskLevel level);

struct RiskAssessment {
    RiskLevel level = RiskLevel::Low;
    QStringList reasons; // stable codes: refund_or_compensation, legal_threat, personal_data, angry_customer,
                         // low_confidence, uncited_claims, truncated, refused, validation_blocker,
                         // language_mismatch (and offline, on older drafts)
    bool has(const QString& reason) const { return reasons.contains(reason); }
};

struct DraftResult {
    enum class Status {
        Drafted, // a model draft
        Offline, // the extractive offline draft (no model configured or reachable)
        Disabled, // rollback switch off: no draft
        NothingToAnswer, // no customer message after the last agent reply
    };
    Status status = Status::Drafted;
    QString statusMessage; // for the UI, translated
    QString draftId;
    QString reply; // the suggested reply (empty for Disabled/NothingToAnswer, or a refusal)
    QString query; // the customer's unanswered messages, as sent to retrieval
    QList<Passage> sources; // cited passages that were really retrieved
    QStringList unknownCitations; // ids the model cited that were not retrieved (dropped, flagged)
    double confidence = 0; // see ConfidenceScorer
    std::optional<double> modelConfidence;
    QString language; // the reply's language (LanguageGuess; the model's own claim when the guess is unsure)
    QString customerLanguage; // LanguageGuess of the customer's unanswered messages ("" = not sure)
    QString summary; // one line about the conversation: the model's, or the extractive one offline
    QString instruction; // the reviewer's instruction this draft followed ("" = none)
    ToneReport tone;
    QList<EvidenceLink> evidence;
    RiskAssessment risk;
    bool offline = false;
    bool fromCache = false;
    QString promptVersion;
    QString model;
    QString kbVersion;
    QString cacheKey;
    llm::TokenUsage usage;
    std::optional<double> estimatedCostUsd;
    QString note; // the Chatwoot private note (Markdown) carrying the cxpilot marker
};

} // namespace cx::drafting
