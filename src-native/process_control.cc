#include "process_control.h"

#include <errno.h>
#include <sys/prctl.h>

#include "errno_error.h"

namespace sfd {

Napi::Value SetChildSubreaper(const Napi::CallbackInfo& info) {
  unsigned long on = info[0].As<Napi::Boolean>().Value() ? 1 : 0;
  if (prctl(PR_SET_CHILD_SUBREAPER, on, 0, 0, 0) != 0) throw ErrnoError(info.Env(), errno, "prctl");
  return info.Env().Undefined();
}

Napi::Value IsChildSubreaper(const Napi::CallbackInfo& info) {
  int on = 0;
  if (prctl(PR_GET_CHILD_SUBREAPER, &on, 0, 0, 0) != 0) throw ErrnoError(info.Env(), errno, "prctl");
  return Napi::Boolean::New(info.Env(), on != 0);
}

Napi::Value SetParentDeathSignal(const Napi::CallbackInfo& info) {
  unsigned long signo = info[0].As<Napi::Number>().Uint32Value();
  if (prctl(PR_SET_PDEATHSIG, signo, 0, 0, 0) != 0) throw ErrnoError(info.Env(), errno, "prctl");
  return info.Env().Undefined();
}

}  // namespace sfd
