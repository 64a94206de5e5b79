#include "record_reader.h"

#include <errno.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>

#include "can_run_javascript.h"
#include "errno_error.h"

namespace sfd {

namespace {

constexpr size_t kRecordSize = sizeof(signalfd_siginfo);

uv_loop_t* LoopOf(Napi::Env env) {
  uv_loop_t* loop = nullptr;
  NAPI_THROW_IF_FAILED(env, napi_get_uv_event_loop(env, &loop), nullptr);
  return loop;
}

}  // namespace

Napi::Function RecordReader::Define(Napi::Env env) {
  return DefineClass(env, "RecordReader",
                     {
                         InstanceMethod<&RecordReader::Sync>("sync"),
                         InstanceMethod<&RecordReader::Close>("close"),
                     });
}

RecordReader::RecordReader(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<RecordReader>(info), async_context_(info.Env(), "signalfd:RecordReader") {
  Napi::Env env = info.Env();
  const int fd = info[0].As<Napi::Number>().Int32Value();
  on_records_ = Napi::Persistent(info[1].As<Napi::Function>());
  Napi::Int32Array control = info[2].As<Napi::Int32Array>();
  if (control.ElementLength() < kControlSlots) {
    close(fd);
    throw Napi::TypeError::New(env, "RecordReader: control block too small");
  }
  control_ref_ = Napi::Persistent(control);
  control_ = control.Data();
  control_[kInBatch] = control_[kPolling] = control_[kRefed] = 0;
  Napi::Uint8Array records = info[3].As<Napi::Uint8Array>();
  if (records.ByteLength() < kRecordSize) {
    close(fd);
    throw Napi::TypeError::New(env, "RecordReader: records buffer too small");
  }
  records_ref_ = Napi::Persistent(records);
  records_ = records.Data();
  records_capacity_ = records.ByteLength() / kRecordSize;

  auto* handle = new Handle();
  handle->fd = fd;
  handle->owner = this;
  int status = uv_poll_init(LoopOf(env), &handle->poll, fd);
  if (status != 0) {
    delete handle;  // never initialised: plain delete, no uv_close
    close(fd);
    throw ErrnoError(env, -status, "uv_poll_init");
  }
  handle->poll.data = handle;
  // An initialised handle starts referenced; the control block decides.
  uv_unref(reinterpret_cast<uv_handle_t*>(&handle->poll));
  napi_add_async_cleanup_hook(env, OnEnvTeardown, handle, &handle->cleanup_hook);
  handle_ = handle;
}

RecordReader::~RecordReader() {
  if (handle_ != nullptr) CloseHandle(handle_);
}

int RecordReader::ApplyControl() {
  if (handle_ == nullptr) {
    control_[kPolling] = control_[kRefed] = 0;
    return 0;
  }
  auto* uv_handle = reinterpret_cast<uv_handle_t*>(&handle_->poll);
  const bool want_ref = control_[kWantRef] != 0;
  if (want_ref != (control_[kRefed] != 0)) {
    if (want_ref) {
      uv_ref(uv_handle);
    } else {
      uv_unref(uv_handle);
    }
    control_[kRefed] = want_ref;
  }
  const bool want_polling = control_[kMaxRecords] > 0;
  if (want_polling != (control_[kPolling] != 0)) {
    if (want_polling) {
      int status = uv_poll_start(&handle_->poll, UV_READABLE, OnReadable);
      if (status != 0) return status;
    } else {
      uv_poll_stop(&handle_->poll);
    }
    control_[kPolling] = want_polling;
  }
  return 0;
}

Napi::Value RecordReader::Sync(const Napi::CallbackInfo& info) {
  int status = ApplyControl();
  if (status != 0) throw ErrnoError(info.Env(), -status, "uv_poll_start");
  return info.Env().Undefined();
}

Napi::Value RecordReader::Close(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) CloseHandle(handle_);
  ApplyControl();
  return info.Env().Undefined();
}

// Order matters: stop polling, start uv_close, then close the fd (epoll must
// not hold a closed fd); the memory goes in the close callback.
void RecordReader::CloseHandle(Handle* handle) {
  if (handle->closing) return;
  handle->closing = true;
  uv_poll_stop(&handle->poll);
  uv_close(reinterpret_cast<uv_handle_t*>(&handle->poll), OnClosed);
  close(handle->fd);
  handle->fd = -1;
  if (handle->owner != nullptr) handle->owner->handle_ = nullptr;
  handle->owner = nullptr;
}

void RecordReader::OnClosed(uv_handle_t* uv_handle) {
  auto* handle = static_cast<Handle*>(uv_handle->data);
  if (handle->cleanup_hook != nullptr) napi_remove_async_cleanup_hook(handle->cleanup_hook);
  delete handle;
}

// The environment is going away (worker exit, process exit) with this reader
// still open: close it; OnClosed tells Node when the handle is gone.
void RecordReader::OnEnvTeardown(napi_async_cleanup_hook_handle, void* data) {
  CloseHandle(static_cast<Handle*>(data));
}

void RecordReader::OnReadable(uv_poll_t* poll, int status, int) {
  auto* handle = static_cast<Handle*>(poll->data);
  if (handle->owner != nullptr) handle->owner->ReadBatch(status);
}

void RecordReader::ReadBatch(int status) {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  // Asked before reading: a stopping environment leaves the signal pending
  // rather than reading it into nowhere.
  if (!CanRunJavaScript(env)) {
    control_[kMaxRecords] = 0;
    ApplyControl();
    return;
  }
  // This local handle keeps the wrapper (and so `this`) alive while
  // JavaScript runs, even if the handler closes the reader and drops it.
  [[maybe_unused]] Napi::Object self = Value();
  control_[kInBatch] = 1;
  try {
    if (status < 0) {
      control_[kPolling] = 0;  // libuv stopped the handle
      Deliver(ErrnoError(env, -status, "uv_poll").Value(), env.Null());
    } else {
      size_t length = 0;
      const int read_errno = ReadRecords(static_cast<uint32_t>(std::max(control_[kMaxRecords], 0)), &length);
      napi_value byte_length;
      if (length > 0 && napi_create_uint32(env, static_cast<uint32_t>(length), &byte_length) == napi_ok) {
        Deliver(env.Null(), byte_length);
      }
      if (read_errno != 0 && handle_ != nullptr) Deliver(ErrnoError(env, read_errno, "read").Value(), env.Null());
    }
  } catch (const Napi::Error&) {
    // Only reachable while the environment stops: nothing left to tell.
  }
  control_[kInBatch] = 0;
  // The handler (and the microtasks it queued) said what comes next.
  status = ApplyControl();
  if (status != 0 && CanRunJavaScript(env)) Deliver(ErrnoError(env, -status, "uv_poll_start").Value(), env.Null());
}

int RecordReader::ReadRecords(uint32_t max_records, size_t* length) {
  const size_t limit = std::min<size_t>(max_records, records_capacity_) * kRecordSize;
  while (handle_ != nullptr && *length < limit) {
    const size_t wanted = limit - *length;
    const ssize_t got = read(handle_->fd, records_ + *length, wanted);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN ? 0 : errno;
    }
    *length += static_cast<size_t>(got);
    // A short read means nothing more was pending: no extra read for EAGAIN.
    if (static_cast<size_t>(got) < wanted) return 0;
  }
  return 0;
}

void RecordReader::Deliver(napi_value error, napi_value byte_length) {
  napi_env env = Env();
  napi_value argv[] = {error, byte_length};
  napi_value result;
  // MakeCallback, not Call: promises resolved by the handler settle and
  // microtasks run before control returns to libuv. Plain N-API: a worker
  // terminated meanwhile makes the call fail, which the C++ wrapper would
  // turn into an abort.
  if (napi_make_callback(env, async_context_, Value(), on_records_.Value(), 2, argv, &result) != napi_pending_exception) {
    return;
  }
  // The handler threw: an uncaught exception, as from any callback.
  napi_value exception;
  if (CanRunJavaScript(env) && napi_get_and_clear_last_exception(env, &exception) == napi_ok) {
    napi_fatal_exception(env, exception);
  }
}

}  // namespace sfd
