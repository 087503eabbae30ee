#include "review/MajorEdits.h"

#include <cmath>

namespace cx::review {

bool approvedWithoutMajorEdits(bool sent, double editRatio, double threshold)
{
    const auto inUnitRange = [](double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; };
    if (!sent || !inUnitRange(editRatio) || !inUnitRange(threshold)) {
        return false;
    }
    return editRatio <= threshold;
}

} // namespace cx::review
