#pragma once

#include <QString>

namespace cx::sandbox {

// Everything in this library is a simulation, and says so wherever a person can see it.
inline constexpr const char* kSimulatedLabel = "SIMULATED";
QString sandboxBanner();

} // namespace cx::sandbox
