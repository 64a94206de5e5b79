// SIGCHLD without breaking child_process. libuv reaps its children from its
// own SIGCHLD handler, and spawnSync runs a private loop that only that
// handler wakes. So SIGCHLD is read by a native thread (all signals blocked)
// from its own signalfd: after each batch it calls the handler libuv
// installed, exactly as the kernel would have, then hands the records to
// every subscribed environment through a thread-safe function. While any
// environment subscribes, libuv's handler stays installed (see
// HandlerKeeper), so the kernel never discards a pending SIGCHLD.
#pragma once
#include <napi.h>

namespace sfd {

class SigchldSubscription {
 public:
  // Subscribes `on_records(null, Buffer)`; starts the relay thread if needed.
  static SigchldSubscription* Start(Napi::Env env, Napi::Function on_records);
  // Unsubscribes; the object is freed by the thread-safe function's
  // finalizer, which also runs when the environment goes away first.
  void End();
  void Ref(Napi::Env env);
  void Unref(Napi::Env env);

 private:
  struct HandlerKeeper;

  static void Finalize(Napi::Env env, void* unused, SigchldSubscription* self);
  void Unsubscribe();

  Napi::ThreadSafeFunction deliver_;
  HandlerKeeper* keeper_ = nullptr;  // closed by End() or by the environment's teardown
  bool ended_ = false;
};

}  // namespace sfd
