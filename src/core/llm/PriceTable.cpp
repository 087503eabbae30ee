#include "llm/PriceTable.h"

#include <QRegularExpression>

#include <array>

namespace cx::llm {

namespace {

struct Entry {
    const char* model;
    PriceTable::Price price;
};

// Keep in step with research/openai.md. Prices per 1M tokens: input, cached input, output.
constexpr std::array kPrices {
    Entry { "gpt-4o-mini", { 0.15, 0.075, 0.60 } },
    Entry { "gpt-4.1-mini", { 0.40, 0.10, 1.60 } },
    Entry { "gpt-5-mini", { 0.25, 0.025, 2.00 } },
    Entry { "text-embedding-3-small", { 0.02, 0.02, 0.0 } },
    Entry { "text-embedding-3-large", { 0.13, 0.13, 0.0 } },
    Entry { "text-embedding-ada-002", { 0.10, 0.10, 0.0 } },
};

} // namespace

std::optional<PriceTable::Price> PriceTable::priceFor(const QString& model)
{
    static const QRegularExpression snapshot(QStringLiteral("^(.*)-\\d{4}-\\d{2}-\\d{2}$"));
    QString name = model.trimmed().toLower();
    const auto match = snapshot.match(name);
    if (match.hasMatch())
        name = match.captured(1);
    for (const Entry& entry : kPrices) {
        if (name == QLatin1String(entry.model))
            return entry.price;
    }
    return std::nullopt;
}

std::optional<double> PriceTable::estimateUsd(const QString& model, const TokenUsage& usage)
{
    const auto price = priceFor(model);
    if (!price || !usage.present)
        return std::nullopt;
    const qint64 cached = std::min(usage.cachedPromptTokens, usage.promptTokens);
    const double cost = (usage.promptTokens - cached) * price->inputPerMillion
        + cached * price->cachedInputPerMillion + usage.completionTokens * price->outputPerMillion;
    return cost / 1'000'000.0;
}

} // namespace cx::llm
