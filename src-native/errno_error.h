// Node-style system errors: the shape of node's uvException (code, errno, syscall).
#pragma once
#include <napi.h>

namespace sfd {

// Builds `Error('EINVAL: invalid argument, signalfd')` with
// err.code === 'EINVAL', err.errno === -22, err.syscall === 'signalfd'.
Napi::Error ErrnoError(Napi::Env env, int errnum, const char* syscall);

}  // namespace sfd
