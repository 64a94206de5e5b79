#include "signal_calls.h"

#include <errno.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "errno_error.h"
#include "siginfo_record.h"
#include "sigset_array.h"

namespace sfd {

namespace {

int IntArg(const Napi::CallbackInfo& info, size_t index) { return info[index].As<Napi::Number>().Int32Value(); }

// rt_sigtimedwait(2) itself: glibc's sigtimedwait and sigwaitinfo rewrite
// SI_TKILL to SI_USER, and the record must say what signalfd would say.
int WaitForSignal(const sigset_t& set, siginfo_t* info, const timespec* timeout) {
  return static_cast<int>(syscall(SYS_rt_sigtimedwait, &set, info, timeout, _NSIG / 8));
}

int64_t MonotonicNs() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

}  // namespace

Napi::Value SetThreadMask(const Napi::CallbackInfo& info) {
  const int how = IntArg(info, 0);
  sigset_t set = SigsetFromArray(info[1]), previous;
  int error = pthread_sigmask(how, &set, &previous);
  if (error != 0) throw ErrnoError(info.Env(), error, "pthread_sigmask");
  return ArrayFromSigset(info.Env(), previous);
}

Napi::Value GetThreadMask(const Napi::CallbackInfo& info) {
  sigset_t current;
  pthread_sigmask(SIG_BLOCK, nullptr, &current);
  return ArrayFromSigset(info.Env(), current);
}

Napi::Value PendingSignals(const Napi::CallbackInfo& info) {
  sigset_t pending;
  if (sigpending(&pending) != 0) throw ErrnoError(info.Env(), errno, "sigpending");
  return ArrayFromSigset(info.Env(), pending);
}

Napi::Value Sigqueue(const Napi::CallbackInfo& info) {
  sigval value;
  value.sival_ptr = nullptr;  // zero the whole union: the receiver sees ptr too
  value.sival_int = IntArg(info, 2);
  if (sigqueue(IntArg(info, 0), IntArg(info, 1), value) != 0) throw ErrnoError(info.Env(), errno, "sigqueue");
  return info.Env().Undefined();
}

Napi::Value Tgkill(const Napi::CallbackInfo& info) {
  if (syscall(SYS_tgkill, IntArg(info, 0), IntArg(info, 1), IntArg(info, 2)) != 0) {
    throw ErrnoError(info.Env(), errno, "tgkill");
  }
  return info.Env().Undefined();
}

Napi::Value Gettid(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(syscall(SYS_gettid)));
}

Napi::Value Signalfd(const Napi::CallbackInfo& info) {
  sigset_t set = SigsetFromArray(info[1]);
  int fd = signalfd(IntArg(info, 0), &set, IntArg(info, 2));
  if (fd < 0) throw ErrnoError(info.Env(), errno, "signalfd");
  return Napi::Number::New(info.Env(), fd);
}

Napi::Value ReadRecords(const Napi::CallbackInfo& info) {
  const int fd = IntArg(info, 0);
  const size_t max = info[1].As<Napi::Number>().Uint32Value();
  std::vector<uint8_t> buffer(max * sizeof(signalfd_siginfo));
  ssize_t got;
  do {
    got = read(fd, buffer.data(), buffer.size());
  } while (got < 0 && errno == EINTR);
  if (got < 0 && errno != EAGAIN) throw ErrnoError(info.Env(), errno, "read");
  return Napi::Buffer<uint8_t>::Copy(info.Env(), buffer.data(), got < 0 ? 0 : static_cast<size_t>(got));
}

Napi::Value WaitPid(const Napi::CallbackInfo& info) {
  int status = 0;
  pid_t pid;
  do {
    pid = waitpid(IntArg(info, 0), &status, WNOHANG);
  } while (pid < 0 && errno == EINTR);
  if (pid < 0) throw ErrnoError(info.Env(), errno, "waitpid");
  if (pid == 0) return info.Env().Null();
  return Napi::Number::New(info.Env(), status);
}

Napi::Value Sigtimedwait(const Napi::CallbackInfo& info) {
  sigset_t set = SigsetFromArray(info[0]);
  const double timeout_ms = info[1].As<Napi::Number>().DoubleValue();
  const int64_t deadline_ns = MonotonicNs() + static_cast<int64_t>(timeout_ms * 1e6);
  siginfo_t siginfo;
  for (;;) {
    int signo;
    if (timeout_ms < 0) {
      signo = WaitForSignal(set, &siginfo, nullptr);
    } else {
      // An interrupted wait resumes with what is left of the timeout.
      const int64_t left_ns = std::max<int64_t>(0, deadline_ns - MonotonicNs());
      const timespec remaining{static_cast<time_t>(left_ns / 1000000000), static_cast<long>(left_ns % 1000000000)};
      signo = WaitForSignal(set, &siginfo, &remaining);
    }
    if (signo > 0) break;
    if (errno == EAGAIN) return info.Env().Null();
    if (errno != EINTR) throw ErrnoError(info.Env(), errno, "sigtimedwait");
  }
  signalfd_siginfo record;
  RecordFromSiginfo(siginfo, &record);
  return Napi::Buffer<uint8_t>::Copy(info.Env(), reinterpret_cast<uint8_t*>(&record), sizeof record);
}

}  // namespace sfd
