// Watches a file descriptor that yields 128-byte signalfd_siginfo records (a
// signalfd, or the safety net's pipe) with a uv_poll_t on the environment's
// own loop, reads them in batches until EAGAIN and hands each batch to
// JavaScript in one call, inside a callback scope. The records are read into
// a buffer JavaScript gave it, reused for every batch, and the call passes
// only their byte length: no allocation per batch.
//
// Flow control travels through a small Int32Array shared with JavaScript
// (see ControlSlot), so the steady state costs no call from JavaScript into
// native code: JavaScript writes what it wants, and the reader applies it
// after each batch, or when JavaScript calls sync() outside a batch.
#pragma once
#include <napi.h>
#include <uv.h>

namespace sfd {

enum ControlSlot {
  kMaxRecords = 0,  // JS: most records the next batch may hold; 0 pauses reading
  kWantRef = 1,     // JS: 1 while the handle should keep the loop alive
  kInBatch = 2,     // native: 1 while a batch is being delivered (sync() follows by itself)
  kPolling = 3,     // native: what is applied now
  kRefed = 4,
  kControlSlots = 5,
};

class RecordReader : public Napi::ObjectWrap<RecordReader> {
 public:
  static Napi::Function Define(Napi::Env env);

  // new RecordReader(fd, onBatch(error, byteLength), control, records): takes ownership of fd.
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

  Napi::Value Sync(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  static void OnReadable(uv_poll_t* poll, int status, int events);
  static void OnEnvTeardown(napi_async_cleanup_hook_handle hook, void* data);
  static void OnClosed(uv_handle_t* handle);
  static void CloseHandle(Handle* handle);

  // Applies the control block's wishes to the handle; returns a libuv error or 0.
  int ApplyControl();
  void ReadBatch(int status);
  // Reads until EAGAIN or `max_records`; returns 0 or errno.
  int ReadRecords(uint32_t max_records, size_t* length);
  void Deliver(napi_value error, napi_value byte_length);

  Handle* handle_ = nullptr;  // null once closed
  Napi::FunctionReference on_records_;
  Napi::AsyncContext async_context_;
  Napi::Reference<Napi::Int32Array> control_ref_;
  int32_t* control_ = nullptr;    // the Int32Array's memory, kept alive by control_ref_
  Napi::Reference<Napi::Uint8Array> records_ref_;
  uint8_t* records_ = nullptr;  // the batch, kept alive by records_ref_
  size_t records_capacity_ = 0;  // in records
};

}  // namespace sfd
