// Whether an environment may still run JavaScript. Once a worker is being
// terminated, or the process is tearing down, libuv callbacks and
// thread-safe calls still arrive, but N-API calls that could run JavaScript
// fail — and node-addon-api's C++ wrappers then abort the process while
// building the error. Ask first, with the cheapest call that checks.
#pragma once
#include <node_api.h>

namespace sfd {

inline bool CanRunJavaScript(napi_env env) {
  napi_value undefined;
  bool same = false;
  return napi_get_undefined(env, &undefined) == napi_ok && napi_strict_equals(env, undefined, undefined, &same) == napi_ok;
}

}  // namespace sfd
