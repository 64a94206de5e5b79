// Module entry: per-environment state (holds, safety-net pipe, SIGCHLD
// subscription) in a Napi::Addon, so the main thread and each worker have
// their own, and everything an environment holds is released when it ends.
#include <napi.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <vector>

#include "errno_error.h"
#include "mask_broadcast.h"
#include "process_control.h"
#include "record_reader.h"
#include "safety_net.h"
#include "sigchld_relay.h"
#include "signal_calls.h"
#include "signal_holds.h"
#include "sigset_array.h"

namespace sfd {

namespace {

std::vector<int> SignalList(const Napi::Value& value) {
  Napi::Array array = value.As<Napi::Array>();
  std::vector<int> signals;
  for (uint32_t i = 0; i < array.Length(); ++i) signals.push_back(array.Get(i).As<Napi::Number>().Int32Value());
  return signals;
}

}  // namespace

class SignalfdAddon : public Napi::Addon<SignalfdAddon> {
 public:
  SignalfdAddon(Napi::Env env, Napi::Object exports)
      : is_main_thread_(syscall(SYS_gettid) == getpid()) {
    DefineAddon(exports, {
        InstanceMethod<&SignalfdAddon::Limits>("limits"),
        InstanceMethod<&SignalfdAddon::BroadcastSignalNumber>("broadcastSignal"),
        InstanceMethod<&SignalfdAddon::SelectBroadcast>("selectBroadcastSignal"),
        InstanceMethod<&SignalfdAddon::SetProcessMask>("setProcessMask"),
        InstanceMethod<&SignalfdAddon::Hold>("hold"),
        InstanceMethod<&SignalfdAddon::Release>("release"),
        InstanceMethod<&SignalfdAddon::OpenSafetyNet>("openSafetyNet"),
        InstanceMethod<&SignalfdAddon::CloseSafetyNet>("closeSafetyNet"),
        InstanceMethod<&SignalfdAddon::SubscribeSigchld>("subscribeSigchld"),
        InstanceMethod<&SignalfdAddon::RefSigchld>("refSigchld"),
        InstanceMethod<&SignalfdAddon::UnsubscribeSigchld>("unsubscribeSigchld"),
    });
    exports.Set("setThreadMask", Napi::Function::New<SetThreadMask>(env, "setThreadMask"));
    exports.Set("threadMask", Napi::Function::New<GetThreadMask>(env, "threadMask"));
    exports.Set("pending", Napi::Function::New<PendingSignals>(env, "pending"));
    exports.Set("sigqueue", Napi::Function::New<Sigqueue>(env, "sigqueue"));
    exports.Set("tgkill", Napi::Function::New<Tgkill>(env, "tgkill"));
    exports.Set("gettid", Napi::Function::New<Gettid>(env, "gettid"));
    exports.Set("signalfd", Napi::Function::New<Signalfd>(env, "signalfd"));
    exports.Set("readRecords", Napi::Function::New<ReadRecords>(env, "readRecords"));
    exports.Set("waitpid", Napi::Function::New<WaitPid>(env, "waitpid"));
    exports.Set("sigtimedwait", Napi::Function::New<Sigtimedwait>(env, "sigtimedwait"));
    exports.Set("setChildSubreaper", Napi::Function::New<SetChildSubreaper>(env, "setChildSubreaper"));
    exports.Set("isChildSubreaper", Napi::Function::New<IsChildSubreaper>(env, "isChildSubreaper"));
    exports.Set("setParentDeathSignal", Napi::Function::New<SetParentDeathSignal>(env, "setParentDeathSignal"));
    exports.Set("RecordReader", RecordReader::Define(env));
    env.AddCleanupHook([this] { OnEnvTeardown(); });
  }

 private:
  Napi::Value Limits(const Napi::CallbackInfo& info) {
    Napi::Object limits = Napi::Object::New(info.Env());
    limits.Set("SIGRTMIN", SIGRTMIN);
    limits.Set("SIGRTMAX", SIGRTMAX);
    return limits;
  }

  Napi::Value BroadcastSignalNumber(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), BroadcastSignal());
  }

  Napi::Value SelectBroadcast(const Napi::CallbackInfo& info) {
    int result = SelectBroadcastSignal(info[0].As<Napi::Number>().Int32Value());
    if (result < 0) throw ErrnoError(info.Env(), -result, "sigaction");
    return Napi::Number::New(info.Env(), result);
  }

  // (block, unblock) -> the calling thread's previous mask
  Napi::Value SetProcessMask(const Napi::CallbackInfo& info) {
    MaskChange change{SigsetFromArray(info[0]), SigsetFromArray(info[1])};
    sigset_t previous;
    int error = ApplyProcessWide(change, &previous);
    if (error != 0) throw ErrnoError(info.Env(), error, "sigprocmask");
    return ArrayFromSigset(info.Env(), previous);
  }

  Napi::Value Hold(const Napi::CallbackInfo& info) {
    int error = holds_.Hold(SignalList(info[0]), safety_net_write_fd_);
    if (error != 0) throw ErrnoError(info.Env(), error, "sigprocmask");
    return info.Env().Undefined();
  }

  Napi::Value Release(const Napi::CallbackInfo& info) {
    int error = holds_.Release(SignalList(info[0]), safety_net_write_fd_, true);
    if (error != 0) throw ErrnoError(info.Env(), error, "sigprocmask");
    return info.Env().Undefined();
  }

  // Creates this environment's safety-net pipe; returns its read end, which
  // the caller owns (a RecordReader).
  Napi::Value OpenSafetyNet(const Napi::CallbackInfo& info) {
    if (safety_net_write_fd_ >= 0) throw Napi::Error::New(info.Env(), "safety net already open");
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) throw ErrnoError(info.Env(), errno, "pipe2");
    safety_net_write_fd_ = fds[1];
    return Napi::Number::New(info.Env(), fds[0]);
  }

  // Closes the write end; call after every hold was released.
  Napi::Value CloseSafetyNet(const Napi::CallbackInfo& info) {
    if (safety_net_write_fd_ >= 0) CloseSafetyNetPipe();
    safety_net_write_fd_ = -1;
    return info.Env().Undefined();
  }

  Napi::Value SubscribeSigchld(const Napi::CallbackInfo& info) {
    if (sigchld_ == nullptr) sigchld_ = SigchldSubscription::Start(info.Env(), info[0].As<Napi::Function>());
    return info.Env().Undefined();
  }

  Napi::Value RefSigchld(const Napi::CallbackInfo& info) {
    if (sigchld_ != nullptr) {
      if (info[0].As<Napi::Boolean>().Value()) {
        sigchld_->Ref(info.Env());
      } else {
        sigchld_->Unref(info.Env());
      }
    }
    return info.Env().Undefined();
  }

  Napi::Value UnsubscribeSigchld(const Napi::CallbackInfo& info) {
    if (sigchld_ != nullptr) sigchld_->End();
    sigchld_ = nullptr;
    return info.Env().Undefined();
  }

  void OnEnvTeardown() {
    // A worker ending gives back what it held; the process ending does not
    // unblock, so a pending signal cannot kill a process that chose to exit.
    holds_.ReleaseAll(safety_net_write_fd_, !is_main_thread_);
    if (safety_net_write_fd_ >= 0) CloseSafetyNetPipe();
    safety_net_write_fd_ = -1;
  }

  void CloseSafetyNetPipe() {
    WaitForSafetyNetHandlers();
    close(safety_net_write_fd_);
  }

  const bool is_main_thread_;
  SignalHolds holds_;
  int safety_net_write_fd_ = -1;
  SigchldSubscription* sigchld_ = nullptr;  // freed by its own finalizer
};

}  // namespace sfd

using sfd::SignalfdAddon;
NODE_API_ADDON(SignalfdAddon)
