#pragma once

#include <functional>

namespace cx::bench {

// Runs the event loop (waking at least every millisecond) until `done` is true or `timeoutMs` passed.
// Returns whether `done` became true. A benchmark's tool: library code never spins like this.
bool waitUntil(const std::function<bool()>& done, int timeoutMs);
// Runs the event loop for `msecs`.
void settle(int msecs);

} // namespace cx::bench
