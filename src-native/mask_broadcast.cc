#include "mask_broadcast.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace sfd {

namespace {

std::mutex broadcast_mutex;  // one broadcast at a time, process-wide
std::atomic<int> broadcast_signal{0};

// The change being broadcast. Static storage: a late, stale delivery may
// still read it after ApplyProcessWide returned; the next sweep repairs that.
MaskChange current_change;
std::atomic<bool> change_active{false};
std::atomic<uint32_t> acknowledgements{0};

constexpr int kDeadlineMs = 5000;
// A thread may exit before its handler runs, so acknowledgements are awaited
// only this long before the next sweep looks again.
constexpr int kPassWaitMs = 50;

// How far /proc's numbering of real-time signals is from ours. Zero on a
// real kernel; qemu-user maps a guest's real-time signals onto other host
// signals (two higher in qemu 7.2), and /proc shows the host's. Measured by
// CalibrateProcBits under broadcast_mutex before the first broadcast.
int proc_rt_shift = 0;
bool proc_bits_calibrated = false;

// The bit of signal `signo` in /proc's SigBlk/SigPnd (bit n-1 = signal n
// there); 0 for a signal /proc cannot show.
uint64_t Bit(int signo) {
  const int position = signo >= SIGRTMIN ? signo + proc_rt_shift : signo;
  return position >= 1 && position <= 64 ? uint64_t{1} << (position - 1) : 0;
}

uint64_t BitsOf(const sigset_t& set) {
  uint64_t bits = 0;
  for (int signo = 1; signo < NSIG; ++signo) {
    if (sigismember(&set, signo) == 1) bits |= Bit(signo);
  }
  return bits;
}

// SigBlk of the calling thread; false when /proc cannot be read.
bool ReadOwnBlocked(uint64_t* blocked) {
  int fd = open("/proc/thread-self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char text[4096];
  ssize_t length = read(fd, text, sizeof text - 1);
  close(fd);
  if (length <= 0) return false;
  text[length] = '\0';
  const char* line = strstr(text, "\nSigBlk:");
  if (line == nullptr) return false;
  *blocked = strtoull(line + 8, nullptr, 16);
  return true;
}

// Blocks `signo` (a real-time signal the caller does not block: the broadcast
// signal) for a moment and sees which /proc bit turns on.
void CalibrateProcBits(int signo) {
  if (proc_bits_calibrated) return;
  proc_bits_calibrated = true;
  sigset_t only, old_mask;
  sigemptyset(&only);
  sigaddset(&only, signo);
  uint64_t before = 0, after = 0;
  const bool read_before = ReadOwnBlocked(&before);
  pthread_sigmask(SIG_BLOCK, &only, &old_mask);
  const bool read_after = ReadOwnBlocked(&after);
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  const uint64_t added = after & ~before;
  if (read_before && read_after && added != 0 && (added & (added - 1)) == 0) {
    proc_rt_shift = __builtin_ctzll(added) + 1 - signo;
  }
}

void OnBroadcast(int, siginfo_t* info, void* context) {
  // Only our own tgkill counts; anything else sent with this number is ignored.
  if (info->si_code != SI_TKILL || info->si_pid != getpid()) return;
  if (!change_active.load(std::memory_order_acquire)) return;
  // pthread_sigmask here would be undone by rt_sigreturn; the saved context's
  // mask is what the thread resumes with.
  sigset_t* mask = &static_cast<ucontext_t*>(context)->uc_sigmask;
  for (int signo = 1; signo < NSIG; ++signo) {
    if (sigismember(&current_change.block, signo) == 1) sigaddset(mask, signo);
    if (sigismember(&current_change.unblock, signo) == 1) sigdelset(mask, signo);
  }
  acknowledgements.fetch_add(1, std::memory_order_release);
}

struct ThreadMasks {
  uint64_t pending = 0;
  uint64_t blocked = 0;
};

// The threads' /proc status files during one broadcast: each is opened once
// and re-read with pread on later passes (opening costs as much as the kernel
// formatting the text). An fd stays bound to its thread, so a reused tid is
// never mistaken for an old one.
class TaskFiles {
 public:
  TaskFiles() = default;
  TaskFiles(const TaskFiles&) = delete;
  TaskFiles& operator=(const TaskFiles&) = delete;

  ~TaskFiles() {
    CloseAll();
    if (dir_ != nullptr) closedir(dir_);
  }

  // Thread ids of the process; false (errno set) when /proc cannot be read.
  bool List(std::vector<pid_t>* tids) {
    tids->clear();
    if (dir_ == nullptr) {
      dir_ = opendir("/proc/self/task");
      if (dir_ == nullptr) return false;
    } else {
      rewinddir(dir_);
    }
    while (dirent* entry = readdir(dir_)) {
      if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9') tids->push_back(atoi(entry->d_name));
    }
    return true;
  }

  // Reads SigPnd and SigBlk of one thread. False when the thread is gone.
  bool ReadMasks(pid_t tid, ThreadMasks* masks) {
    char text[4096];
    ssize_t length = -1;
    auto held = status_fds_.find(tid);
    if (held != status_fds_.end()) {
      length = pread(held->second, text, sizeof text - 1, 0);
      if (length <= 0) {  // exited: ESRCH
        close(held->second);
        status_fds_.erase(held);
      }
    } else if (int fd = Open(tid); fd >= 0) {
      length = pread(fd, text, sizeof text - 1, 0);
      if (length > 0 && status_fds_.size() < kMaxOpenFiles) {
        status_fds_.emplace(tid, fd);
      } else {
        close(fd);
      }
    }
    if (length <= 0) return false;
    text[length] = '\0';
    const char* pending = strstr(text, "\nSigPnd:");
    const char* blocked = strstr(text, "\nSigBlk:");
    if (pending == nullptr || blocked == nullptr) return false;
    masks->pending = strtoull(pending + 8, nullptr, 16);
    masks->blocked = strtoull(blocked + 8, nullptr, 16);
    return true;
  }

 private:
  // Bounds the fds held during a broadcast; threads beyond it are reopened per pass.
  static constexpr size_t kMaxOpenFiles = 256;

  void CloseAll() {
    for (const auto& held : status_fds_) close(held.second);
    status_fds_.clear();
  }

  int Open(pid_t tid) {
    char path[32];
    snprintf(path, sizeof path, "%d/status", tid);
    int fd = openat(dirfd(dir_), path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && (errno == EMFILE || errno == ENFILE) && !status_fds_.empty()) {
      // Out of fds: give back the ones held here rather than skip a thread.
      CloseAll();
      fd = openat(dirfd(dir_), path, O_RDONLY | O_CLOEXEC);
    }
    return fd;
  }

  DIR* dir_ = nullptr;
  std::unordered_map<pid_t, int> status_fds_;
};

int64_t NowMs() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000 + now.tv_nsec / 1000000;
}

void PauseBriefly() {
  timespec pause{0, 20 * 1000};
  nanosleep(&pause, nullptr);
}

bool IsDefaultDisposition(int signo) {
  struct sigaction current;
  return sigaction(signo, nullptr, &current) == 0 && !(current.sa_flags & SA_SIGINFO) &&
         current.sa_handler == SIG_DFL;
}

int InstallHandler(int signo) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = OnBroadcast;
  action.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
  sigfillset(&action.sa_mask);
  if (sigaction(signo, &action, nullptr) != 0) return -errno;
  return signo;
}

}  // namespace

int BroadcastSignal() { return broadcast_signal.load(); }

int SelectBroadcastSignal(int requested) {
  std::lock_guard<std::mutex> lock(broadcast_mutex);
  int installed = broadcast_signal.load();
  if (installed != 0) return requested == 0 || requested == installed ? installed : -EBUSY;
  int chosen = 0;
  if (requested != 0) {
    if (requested < SIGRTMIN || requested > SIGRTMAX || !IsDefaultDisposition(requested)) return -EINVAL;
    chosen = requested;
  } else {
    // SIGRTMAX is left alone: emulators such as qemu-user reserve the top.
    for (int signo = SIGRTMIN + 1; signo < SIGRTMAX && chosen == 0; ++signo) {
      if (IsDefaultDisposition(signo)) chosen = signo;
    }
    if (chosen == 0) return -EAGAIN;
  }
  int result = InstallHandler(chosen);
  if (result > 0) broadcast_signal.store(chosen);
  return result;
}

int ApplyProcessWide(const MaskChange& change, sigset_t* previous) {
  if (broadcast_signal.load() == 0) {
    int selected = SelectBroadcastSignal(0);
    if (selected < 0) return -selected;
  }
  std::lock_guard<std::mutex> lock(broadcast_mutex);
  const int signo = broadcast_signal.load();
  CalibrateProcBits(signo);
  const uint64_t want_blocked = BitsOf(change.block);
  const uint64_t want_unblocked = BitsOf(change.unblock);

  // The caller first: threads it creates from now on inherit the new mask.
  sigset_t old_mask;
  pthread_sigmask(SIG_BLOCK, &change.block, &old_mask);
  pthread_sigmask(SIG_UNBLOCK, &change.unblock, nullptr);
  if (previous != nullptr) *previous = old_mask;

  current_change = change;
  change_active.store(true, std::memory_order_release);
  const pid_t pid = getpid();
  const pid_t self = static_cast<pid_t>(syscall(SYS_gettid));
  const int64_t deadline = NowMs() + kDeadlineMs;
  TaskFiles tasks;
  std::vector<pid_t> tids;
  int clean_passes = 0;
  int result = 0;

  while (clean_passes < 2) {
    if (!tasks.List(&tids)) {
      result = errno;
      break;
    }
    const uint32_t acks_before = acknowledgements.load(std::memory_order_acquire);
    uint32_t sent = 0;
    bool in_flight = false;
    for (pid_t tid : tids) {
      if (tid == self) continue;
      ThreadMasks masks;
      if (!tasks.ReadMasks(tid, &masks)) continue;  // exited meanwhile
      const bool satisfied =
          (masks.blocked & want_blocked) == want_blocked && (masks.blocked & want_unblocked) == 0;
      if (satisfied) continue;
      // A thread blocking the broadcast signal cannot be reached (Node's
      // inspector thread and io_uring workers block everything); leave it.
      if (masks.blocked & Bit(signo)) continue;
      if (masks.pending & Bit(signo)) {
        in_flight = true;  // an earlier tgkill is still on its way
        continue;
      }
      if (syscall(SYS_tgkill, pid, tid, signo) == 0) ++sent;
    }
    if (sent == 0 && !in_flight) {
      ++clean_passes;
      continue;
    }
    clean_passes = 0;
    const int64_t pass_end = NowMs() + kPassWaitMs;
    while (acknowledgements.load(std::memory_order_acquire) - acks_before < sent &&
           NowMs() < pass_end) {
      PauseBriefly();
    }
    if (in_flight && sent == 0) PauseBriefly();
    if (NowMs() >= deadline) {
      result = ETIMEDOUT;
      break;
    }
  }
  change_active.store(false, std::memory_order_release);
  return result;
}

}  // namespace sfd
