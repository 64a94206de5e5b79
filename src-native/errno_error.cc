#include "errno_error.h"

#include <uv.h>

#include <string>

namespace sfd {

Napi::Error ErrnoError(Napi::Env env, int errnum, const char* syscall) {
  // libuv error codes are negated errno values on Unix, so its names and
  // messages are exactly the ones Node prints for its own syscall failures.
  const char* code = uv_err_name(-errnum);
  std::string message = std::string(code) + ": " + uv_strerror(-errnum) + ", " + syscall;
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("errno", Napi::Number::New(env, -errnum));
  error.Set("code", Napi::String::New(env, code));
  error.Set("syscall", Napi::String::New(env, syscall));
  return error;
}

}  // namespace sfd
