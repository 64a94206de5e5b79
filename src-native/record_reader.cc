#include "record_reader.h"

#include <errno.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <vector>

#include "errno_error.h"

namespace sfd {

namespace {

constexpr size_t kRecordSize = sizeof(signalfd_siginfo);
constexpr uint32_t kRecordsPerRead = 64;

uv_loop_t* LoopOf(Napi::Env env) {
  uv_loop_t* loop = nullptr;
  NAPI_THROW_IF_FAILED(env, napi_get_uv_event_loop(env, &loop), nullptr);
  return loop;
}

}  // namespace

Napi::Function RecordReader::Define(Napi::Env env) {
  return DefineClass(env, "RecordReader",
                     {
                         InstanceMethod<&RecordReader::Start>("start"),
                         InstanceMethod<&RecordReader::Stop>("stop"),
                         InstanceMethod<&RecordReader::Ref>("ref"),
                         InstanceMethod<&RecordReader::Unref>("unref"),
                         InstanceMethod<&RecordReader::Close>("close"),
                     });
}

RecordReader::RecordReader(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<RecordReader>(info), async_context_(info.Env(), "signalfd:RecordReader") {
  Napi::Env env = info.Env();
  const int fd = info[0].As<Napi::Number>().Int32Value();
  on_records_ = Napi::Persistent(info[1].As<Napi::Function>());

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
  napi_add_async_cleanup_hook(env, OnEnvTeardown, handle, &handle->cleanup_hook);
  handle_ = handle;
}

RecordReader::~RecordReader() {
  if (handle_ != nullptr) CloseHandle(handle_);
}

Napi::Value RecordReader::Start(const Napi::CallbackInfo& info) {
  limit_ = info[0].As<Napi::Number>().Uint32Value();
  if (handle_ != nullptr && !polling_ && limit_ > 0) {
    int status = uv_poll_start(&handle_->poll, UV_READABLE, OnReadable);
    if (status != 0) throw ErrnoError(info.Env(), -status, "uv_poll_start");
    polling_ = true;
  }
  return info.Env().Undefined();
}

Napi::Value RecordReader::Stop(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr && polling_) uv_poll_stop(&handle_->poll);
  polling_ = false;
  return info.Env().Undefined();
}

Napi::Value RecordReader::Ref(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(&handle_->poll));
  return info.Env().Undefined();
}

Napi::Value RecordReader::Unref(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(&handle_->poll));
  return info.Env().Undefined();
}

Napi::Value RecordReader::Close(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) CloseHandle(handle_);
  polling_ = false;
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
  if (status < 0) {
    Deliver(ErrnoError(env, -status, "uv_poll").Value(), env.Null());
    return;
  }
  std::vector<uint8_t> records;
  int read_errno = 0;
  while (handle_ != nullptr && records.size() / kRecordSize < limit_) {
    const uint32_t wanted = std::min<uint32_t>(kRecordsPerRead, limit_ - records.size() / kRecordSize);
    const size_t offset = records.size();
    records.resize(offset + wanted * kRecordSize);
    ssize_t got = read(handle_->fd, records.data() + offset, wanted * kRecordSize);
    if (got < 0) {
      records.resize(offset);
      if (errno == EINTR) continue;
      if (errno != EAGAIN) read_errno = errno;
      break;
    }
    records.resize(offset + static_cast<size_t>(got));
    if (got == 0 || static_cast<size_t>(got) < wanted * kRecordSize) break;  // drained
  }
  if (!records.empty()) {
    Deliver(env.Null(), Napi::Buffer<uint8_t>::Copy(env, records.data(), records.size()));
  }
  if (read_errno != 0 && handle_ != nullptr) Deliver(ErrnoError(env, read_errno, "read").Value(), env.Null());
}

void RecordReader::Deliver(const Napi::Value& error, const Napi::Value& records) {
  try {
    // MakeCallback, not Call: promises resolved by the handler settle and
    // microtasks run before control returns to libuv.
    on_records_.MakeCallback(Value(), {error, records}, async_context_);
  } catch (const Napi::Error& exception) {
    napi_fatal_exception(Env(), exception.Value());
  }
}

}  // namespace sfd
