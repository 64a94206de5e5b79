// Thin wrappers over the signal syscalls. Arguments arrive validated from
// TypeScript; failures throw Node-style errno errors.
#pragma once
#include <napi.h>

namespace sfd {

Napi::Value SetThreadMask(const Napi::CallbackInfo& info);   // (how, signals) -> previous
Napi::Value GetThreadMask(const Napi::CallbackInfo& info);   // () -> signals
Napi::Value PendingSignals(const Napi::CallbackInfo& info);  // () -> signals
Napi::Value Sigqueue(const Napi::CallbackInfo& info);        // (pid, signo, value)
Napi::Value Tgkill(const Napi::CallbackInfo& info);          // (tgid, tid, signo)
Napi::Value Gettid(const Napi::CallbackInfo& info);          // () -> tid
Napi::Value Signalfd(const Napi::CallbackInfo& info);        // (fd, signals, flags) -> fd
Napi::Value ReadRecords(const Napi::CallbackInfo& info);     // (fd, max) -> Buffer
Napi::Value WaitPid(const Napi::CallbackInfo& info);         // (pid) -> raw status|null (WNOHANG)
Napi::Value Sigtimedwait(const Napi::CallbackInfo& info);    // (signals, ms|-1) -> Buffer|null

}  // namespace sfd
