// Conversion between JavaScript arrays of signal numbers and sigset_t.
// Validation of the numbers happens in TypeScript; this only converts.
#pragma once
#include <napi.h>
#include <signal.h>

namespace sfd {

sigset_t SigsetFromArray(const Napi::Value& value);
Napi::Array ArrayFromSigset(Napi::Env env, const sigset_t& set);

}  // namespace sfd
