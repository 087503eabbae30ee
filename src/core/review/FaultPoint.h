#pragma once

namespace cx::review {

// Test seam for crash recovery: the flow stops dead at this point, as if the process had died there (no
// further step, no clean-up). A new flow over a reopened database must then finish the work exactly once.
enum class FaultPoint {
    None,
    AfterApproval, // approval + grades committed, no outbox row yet
    AfterOutboxWrite, // outbox row pending, nothing sent
    AfterPostBeforeRecord, // Chatwoot accepted the reply; not recorded as sent
    DuringSignalSave, // reply recorded as sent; the learning signal not saved
};

} // namespace cx::review
