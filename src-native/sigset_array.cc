#include "sigset_array.h"

namespace sfd {

sigset_t SigsetFromArray(const Napi::Value& value) {
  sigset_t set;
  sigemptyset(&set);
  Napi::Array array = value.As<Napi::Array>();
  for (uint32_t i = 0; i < array.Length(); ++i) {
    int signo = array.Get(i).As<Napi::Number>().Int32Value();
    // sigaddset refuses glibc's internal signals; TypeScript already did.
    sigaddset(&set, signo);
  }
  return set;
}

Napi::Array ArrayFromSigset(Napi::Env env, const sigset_t& set) {
  Napi::Array array = Napi::Array::New(env);
  uint32_t length = 0;
  for (int signo = 1; signo < NSIG; ++signo) {
    if (sigismember(&set, signo) == 1) array.Set(length++, Napi::Number::New(env, signo));
  }
  return array;
}

}  // namespace sfd
