#pragma once

#include "drafting/DraftPolicy.h"

#include <QStringList>

#include <optional>

namespace cx::learning {

// The prompt versions an experiment may name: the drafter's default policy and variations of it. A version
// names fixed text (DraftPolicy's rule: a new text gets a new version), so results stay attributable.
QStringList knownPromptVersions();
std::optional<drafting::DraftPolicy> promptPolicy(const QString& version);

} // namespace cx::learning
