#include "signal_holds.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <mutex>

#include "mask_broadcast.h"
#include "safety_net.h"

namespace sfd {

namespace {

std::mutex holds_mutex;
int process_counts[_NSIG];
bool blocked_before[_NSIG];

bool WantsSafetyNet(int signo, int safety_net_fd) { return signo != SIGCHLD && safety_net_fd >= 0; }

}  // namespace

int SignalHolds::Hold(const std::vector<int>& signals, int safety_net_fd) {
  std::lock_guard<std::mutex> lock(holds_mutex);
  // The nets go up before the broadcast: while it runs, a signal can still
  // reach a thread that has not blocked it yet, and must not meet SIG_DFL.
  std::vector<int> netted;
  for (int signo : signals) {
    if (std::count(held_.begin(), held_.end(), signo) == 0 && WantsSafetyNet(signo, safety_net_fd)) {
      AddSafetyNet(signo, safety_net_fd);
      netted.push_back(signo);
    }
  }
  sigset_t current;
  pthread_sigmask(SIG_BLOCK, nullptr, &current);
  MaskChange change;
  sigemptyset(&change.block);
  sigemptyset(&change.unblock);
  bool any = false;
  for (int signo : signals) {
    if (process_counts[signo] == 0) {
      blocked_before[signo] = sigismember(&current, signo) == 1;
      if (!blocked_before[signo]) {
        sigaddset(&change.block, signo);
        any = true;
      }
    }
  }
  if (any) {
    int error = ApplyProcessWide(change, nullptr);
    if (error != 0) {
      for (int signo : netted) RemoveSafetyNet(signo, safety_net_fd);
      return error;
    }
  }
  for (int signo : signals) {
    ++process_counts[signo];
    held_.push_back(signo);
  }
  return 0;
}

int SignalHolds::Release(const std::vector<int>& signals, int safety_net_fd, bool unblock) {
  std::lock_guard<std::mutex> lock(holds_mutex);
  MaskChange change;
  sigemptyset(&change.block);
  sigemptyset(&change.unblock);
  bool any = false;
  for (int signo : signals) {
    auto found = std::find(held_.begin(), held_.end(), signo);
    if (found == held_.end()) continue;
    held_.erase(found);
    // The net goes before the unblock: a signal pending now must meet its
    // previous disposition, not a handler that would block it again.
    const bool last_here = std::count(held_.begin(), held_.end(), signo) == 0;
    if (last_here && WantsSafetyNet(signo, safety_net_fd)) RemoveSafetyNet(signo, safety_net_fd);
    if (--process_counts[signo] == 0 && !blocked_before[signo]) {
      sigaddset(&change.unblock, signo);
      any = true;
    }
  }
  if (!any || !unblock) return 0;
  return ApplyProcessWide(change, nullptr);
}

void SignalHolds::ReleaseAll(int safety_net_fd, bool unblock) {
  std::vector<int> all = held_;
  Release(all, safety_net_fd, unblock);
}

}  // namespace sfd
