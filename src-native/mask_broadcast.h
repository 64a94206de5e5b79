// Process-wide signal masks. Masks are per thread and Node runs ~10 threads
// before user code, so a change is broadcast: a private real-time signal is
// sent with tgkill to every thread, and its handler edits the mask that
// rt_sigreturn will restore (ucontext's uc_sigmask).
#pragma once
#include <signal.h>

namespace sfd {

struct MaskChange {
  sigset_t block;
  sigset_t unblock;
};

// The broadcast signal in use, or 0 before one was chosen.
int BroadcastSignal();

// Chooses and installs the broadcast signal: `requested`, or when 0 the first
// of SIGRTMIN+1 … SIGRTMAX-1 with default disposition. Returns the signal, or
// -errno (EBUSY: another one is already installed; EINVAL: not real-time or
// not at default disposition).
int SelectBroadcastSignal(int requested);

// Applies the change to the calling thread and then to every thread of the
// process, sweeping /proc/self/task until two passes find nothing to fix.
// Stores the calling thread's previous mask in *previous. Returns 0 or errno.
int ApplyProcessWide(const MaskChange& change, sigset_t* previous);

}  // namespace sfd
