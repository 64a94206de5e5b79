// Watches a file descriptor that yields 128-byte signalfd_siginfo records (a
// signalfd, or the safety net's pipe) with a uv_poll_t on the environment's
// own loop, reads them in batches until EAGAIN and hands each batch to
// JavaScript in one call, inside a callback scope.
#pragma once
#include <napi.h>
#include <uv.h>

namespace sfd {

class RecordReader : public Napi::ObjectWrap<RecordReader> {
 public:
  static Napi::Function Define(Napi::Env env);

  // new RecordReader(fd, onRecords): takes ownership of fd.
  explicit RecordReader(const Napi::CallbackInfo& info);
  ~RecordReader() override;

 private:
  // Native state that outlives this object until uv_close's callback.
  struct Handle {
    uv_poll_t poll;
    int fd = -1;
    bool closing = false;
    RecordReader* owner = nullptr;
    napi_async_cleanup_hook_handle cleanup_hook = nullptr;
  };

  Napi::Value Start(const Napi::CallbackInfo& info);  // start(maxRecords)
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Ref(const Napi::CallbackInfo& info);
  Napi::Value Unref(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  static void OnReadable(uv_poll_t* poll, int status, int events);
  static void OnEnvTeardown(napi_async_cleanup_hook_handle hook, void* data);
  static void OnClosed(uv_handle_t* handle);
  static void CloseHandle(Handle* handle);

  void ReadBatch(int status);
  void Deliver(const Napi::Value& error, const Napi::Value& records);

  Handle* handle_ = nullptr;  // null once closed
  Napi::FunctionReference on_records_;
  Napi::AsyncContext async_context_;
  uint32_t limit_ = 0;
  bool polling_ = false;
};

}  // namespace sfd
