#include "drafting/DraftingTypes.h"

namespace cx::drafting {

int ToneReport::warnings() const
{
    return static_cast<int>(std::count_if(
        findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::Warning; }));
}

int ToneReport::blockers() const
{
    return static_cast<int>(std::count_if(
        findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::Blocker; }));
}

bool ToneReport::has(const QString& rule) const
{
    return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.rule == rule; });
}

QString riskLevelName(RiskLevel level)
{
    switch (level) {
    case RiskLevel::Low:
        return QStringLiteral("low");
    case RiskLevel::Medium:
        return QStringLiteral("medium");
    case RiskLevel::High:
        return QStringLiteral("high");
    }
    return {};
}

} // namespace cx::drafting
