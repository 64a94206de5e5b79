// Process attributes an init or supervisor sets on itself (prctl(2)).
#pragma once
#include <napi.h>

namespace sfd {

Napi::Value SetChildSubreaper(const Napi::CallbackInfo& info);    // (on: boolean)
Napi::Value IsChildSubreaper(const Napi::CallbackInfo& info);     // () -> boolean
Napi::Value SetParentDeathSignal(const Napi::CallbackInfo& info); // (signo, 0 clears)

}  // namespace sfd
