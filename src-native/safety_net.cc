#include "safety_net.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sched.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <vector>

#include "siginfo_record.h"

namespace sfd {

namespace {

struct Net {
  std::atomic<int> target_fd{-1};  // read by the handler: no lock there
  std::vector<int> pipe_fds;       // every environment using it, newest last
  struct sigaction previous;
};

std::mutex nets_mutex;
Net nets[_NSIG];
// Handlers between reading a target fd and writing to it; counted before the
// read, so once an fd is no longer published and this is 0, none can use it.
std::atomic<int> handlers_running{0};

void OnLeakedSignal(int signo, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  sigaddset(&static_cast<ucontext_t*>(context)->uc_sigmask, signo);
  handlers_running.fetch_add(1);
  const int fd = nets[signo].target_fd.load();
  if (fd >= 0) {
    signalfd_siginfo record;
    RecordFromSiginfo(*info, &record);
    // One record is below PIPE_BUF, so the write is atomic.
    (void)!write(fd, &record, sizeof record);
  }
  handlers_running.fetch_sub(1);
  errno = saved_errno;
}

}  // namespace

int AddSafetyNet(int signo, int pipe_fd) {
  std::lock_guard<std::mutex> lock(nets_mutex);
  Net& net = nets[signo];
  if (net.pipe_fds.empty()) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = OnLeakedSignal;
    action.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
    sigfillset(&action.sa_mask);
    if (sigaction(signo, &action, &net.previous) != 0) return errno;
  }
  net.pipe_fds.push_back(pipe_fd);
  net.target_fd.store(pipe_fd);
  return 0;
}

void RemoveSafetyNet(int signo, int pipe_fd) {
  std::lock_guard<std::mutex> lock(nets_mutex);
  Net& net = nets[signo];
  auto found = std::find(net.pipe_fds.begin(), net.pipe_fds.end(), pipe_fd);
  if (found == net.pipe_fds.end()) return;
  net.pipe_fds.erase(found);
  if (net.pipe_fds.empty()) {
    // Someone may have installed a handler meanwhile (libuv, for a
    // process.on listener added while watching): leave theirs in place.
    struct sigaction current;
    if (sigaction(signo, nullptr, &current) == 0 && (current.sa_flags & SA_SIGINFO) &&
        current.sa_sigaction == OnLeakedSignal) {
      sigaction(signo, &net.previous, nullptr);
    }
    net.target_fd.store(-1);
  } else {
    net.target_fd.store(net.pipe_fds.back());
  }
}

void WaitForSafetyNetHandlers() {
  while (handlers_running.load() != 0) sched_yield();
}

}  // namespace sfd
