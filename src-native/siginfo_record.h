// Converts a kernel siginfo_t (from a handler or sigtimedwait) into the
// 128-byte signalfd_siginfo layout, so every path yields one record format
// that TypeScript decodes.
#pragma once
#include <signal.h>
#include <sys/signalfd.h>

namespace sfd {

// Async-signal-safe: used inside the safety-net handler.
void RecordFromSiginfo(const siginfo_t& info, signalfd_siginfo* record);

}  // namespace sfd
