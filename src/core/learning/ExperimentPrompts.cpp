#include "learning/ExperimentPrompts.h"

namespace cx::learning {

namespace {
QList<drafting::DraftPolicy> catalogue()
{
    const drafting::DraftPolicy base;
    drafting::DraftPolicy concise = base;
    concise.version = QStringLiteral("concise-2026-12-06");
    concise.brandVoice += QStringLiteral(" Answer in at most three short sentences when the passages allow.");
    concise.maxWords = 110;
    drafting::DraftPolicy empathetic = base;
    empathetic.version = QStringLiteral("empathetic-2026-12-06");
    empathetic.brandVoice
        += QStringLiteral(" Begin with one sentence acknowledging the customer's situation, then answer.");
    return { base, concise, empathetic };
}
} // namespace

QStringList knownPromptVersions()
{
    QStringList versions;
    for (const drafting::DraftPolicy& p : catalogue())
        versions.append(p.version);
    return versions;
}

std::optional<drafting::DraftPolicy> promptPolicy(const QString& version)
{
    for (const drafting::DraftPolicy& p : catalogue())
        if (p.version == version)
            return p;
    return std::nullopt;
}

} // namespace cx::learning
