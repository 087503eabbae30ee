#pragma once

#include <QtGlobal>

// Process figures for the GUI benchmark, read from Linux's /proc and clocks.
namespace cx::bench {

// CLOCK_MONOTONIC in nanoseconds: comparable between processes on one machine.
qint64 monotonicNs();
// CLOCK_BOOTTIME in nanoseconds (the clock /proc/<pid>/stat's starttime counts on).
qint64 boottimeNs();
// When this process was started (forked), CLOCK_BOOTTIME ns, from /proc/self/stat field 22. Its resolution
// is one clock tick (sysconf(_SC_CLK_TCK), usually 10 ms). -1 when unreadable.
qint64 processStartBoottimeNs();
// VmRSS / VmHWM of /proc/self/status in KiB; -1 when unreadable.
qint64 residentKiB();
qint64 peakResidentKiB();

} // namespace cx::bench
