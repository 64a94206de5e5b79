// Signals held blocked process-wide on behalf of watchers. Counted across
// environments (main thread and workers), so two watchers never unblock each
// other's signals, and a signal that was already blocked before the first
// hold is left blocked after the last.
#pragma once
#include <vector>

namespace sfd {

class SignalHolds {
 public:
  // `safety_net_fd`: pipe receiving records of signals that leak past the
  // mask (none for SIGCHLD, whose handler belongs to libuv). Returns errno.
  int Hold(const std::vector<int>& signals, int safety_net_fd);
  // `unblock` is false at process exit, where unblocking would let a pending
  // signal take its default action after the program chose to exit.
  int Release(const std::vector<int>& signals, int safety_net_fd, bool unblock);
  void ReleaseAll(int safety_net_fd, bool unblock);

 private:
  std::vector<int> held_;  // one entry per hold of this environment
};

}  // namespace sfd
