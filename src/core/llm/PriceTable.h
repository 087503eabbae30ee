#pragma once

#include "llm/ChatTypes.h"

#include <QString>

#include <optional>

namespace cx::llm {

// An ESTIMATE of what a call cost, in US dollars, from a small built-in table of list prices per 1M tokens
// (research/openai.md §5 and §3, third-party catalogs, 2026; not read from OpenAI's pricing page).
// A model is matched by exact name or as a dated snapshot of a known name ("gpt-4o-mini-2024-07-18").
// Unknown models (local servers' tags) have no price: the result is empty, never a guess.
class PriceTable final {
public:
    struct Price {
        double inputPerMillion = 0;
        double cachedInputPerMillion = 0;
        double outputPerMillion = 0;
    };
    static std::optional<Price> priceFor(const QString& model);
    static std::optional<double> estimateUsd(const QString& model, const TokenUsage& usage);
};

} // namespace cx::llm
