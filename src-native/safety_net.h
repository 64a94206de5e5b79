// For signals that watchers hold blocked: an SA_SIGINFO handler that catches
// an instance still reaching a thread that does not block it (a thread born
// during a broadcast, a foreign native thread), blocks the signal in that
// thread from then on, and writes the record to the pipe of the environment
// that watches it, so the signal is neither lost nor takes its default action.
#pragma once

namespace sfd {

// Reference-counted per signal across environments; the last environment to
// add itself receives the records. Returns 0 or errno.
int AddSafetyNet(int signo, int pipe_fd);
// Restores the previous disposition when the last user removes itself, unless
// another handler replaced ours meanwhile (libuv, for a new process.on listener).
void RemoveSafetyNet(int signo, int pipe_fd);
// Call before closing a pipe removed from every signal: waits for handlers
// that read its fd just before, so none writes to the fd number once reused.
void WaitForSafetyNetHandlers();

}  // namespace sfd
