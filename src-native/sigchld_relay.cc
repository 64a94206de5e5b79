#include "sigchld_relay.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <uv.h>

#include "can_run_javascript.h"
#include "errno_error.h"

namespace sfd {

namespace {

using Batch = std::vector<uint8_t>;

struct Relay {
  std::mutex mutex;
  std::vector<Napi::ThreadSafeFunction*> subscribers;
  std::thread thread;
  int signal_fd = -1;
  int stop_fd = -1;
};

// Never destroyed: the relay may still run while static destructors do.
Relay& relay = *new Relay();

void CallInstalledHandler() {
  struct sigaction current;
  if (sigaction(SIGCHLD, nullptr, &current) != 0) return;
  if (current.sa_flags & SA_SIGINFO) return;
  if (current.sa_handler == SIG_DFL || current.sa_handler == SIG_IGN) return;
  current.sa_handler(SIGCHLD);
}

// Runs on the subscriber's JavaScript thread. Plain N-API: in a worker being
// terminated the calls fail, which node-addon-api's wrappers would turn into
// an abort; the batch is then dropped with the environment.
void DeliverBatch(Napi::Env env, Napi::Function on_records, Batch* data) {
  std::unique_ptr<Batch> batch(data);
  if (env == nullptr || !CanRunJavaScript(env)) return;
  napi_value argv[2], result;
  if (napi_get_null(env, &argv[0]) != napi_ok ||
      napi_create_buffer_copy(env, batch->size(), batch->data(), nullptr, &argv[1]) != napi_ok) {
    return;
  }
  // An exception the handler throws stays pending; Node reports it as uncaught.
  napi_call_function(env, argv[0], on_records, 2, argv, &result);
}

void RunRelay(int signal_fd, int stop_fd) {
  pollfd fds[2] = {{signal_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
  Batch buffer(64 * sizeof(signalfd_siginfo));
  for (;;) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    ssize_t got = read(signal_fd, buffer.data(), buffer.size());
    if (got <= 0) continue;
    CallInstalledHandler();
    std::lock_guard<std::mutex> lock(relay.mutex);
    for (Napi::ThreadSafeFunction* subscriber : relay.subscribers) {
      auto* batch = new Batch(buffer.begin(), buffer.begin() + got);
      if (subscriber->NonBlockingCall(batch, DeliverBatch) != napi_ok) {
        delete batch;
      }
    }
  }
}

// Called with relay.mutex held.
void StartRelay(Napi::Env env) {
  sigset_t sigchld;
  sigemptyset(&sigchld);
  sigaddset(&sigchld, SIGCHLD);
  relay.signal_fd = signalfd(-1, &sigchld, SFD_NONBLOCK | SFD_CLOEXEC);
  if (relay.signal_fd < 0) throw ErrnoError(env, errno, "signalfd");
  relay.stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (relay.stop_fd < 0) {
    int error = errno;
    close(relay.signal_fd);
    throw ErrnoError(env, error, "eventfd");
  }
  // The thread starts with every signal blocked, so it never takes one.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  relay.thread = std::thread(RunRelay, relay.signal_fd, relay.stop_fd);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
}

// Called with relay.mutex held; the thread takes the mutex, so release it
// around join.
void StopRelay(std::unique_lock<std::mutex>& lock) {
  uint64_t one = 1;
  (void)!write(relay.stop_fd, &one, sizeof one);
  std::thread thread = std::move(relay.thread);
  int signal_fd = relay.signal_fd, stop_fd = relay.stop_fd;
  relay.signal_fd = relay.stop_fd = -1;
  lock.unlock();
  thread.join();
  close(signal_fd);
  close(stop_fd);
  lock.lock();
}

}  // namespace

// libuv sets SIGCHLD back to SIG_DFL when its last child handle closes, and
// the kernel then discards a pending SIGCHLD (default action: ignore) before
// the relay could read it — a lost record, possibly for a child libuv never
// knew. One idle uv_signal_t of our own counts as a SIGCHLD watcher, so
// libuv leaves its handler installed while this environment subscribes.
struct SigchldSubscription::HandlerKeeper {
  uv_signal_t signal;
  napi_async_cleanup_hook_handle cleanup_hook = nullptr;
  bool closing = false;

  static HandlerKeeper* Start(Napi::Env env) {
    uv_loop_t* loop = nullptr;
    NAPI_THROW_IF_FAILED(env, napi_get_uv_event_loop(env, &loop), nullptr);
    auto* keeper = new HandlerKeeper();
    uv_signal_init(loop, &keeper->signal);
    keeper->signal.data = keeper;
    int status = uv_signal_start(&keeper->signal, [](uv_signal_t*, int) {}, SIGCHLD);
    if (status != 0) {
      uv_close(reinterpret_cast<uv_handle_t*>(&keeper->signal), OnClosed);
      throw ErrnoError(env, -status, "uv_signal_start");
    }
    uv_unref(reinterpret_cast<uv_handle_t*>(&keeper->signal));
    napi_add_async_cleanup_hook(env, OnEnvTeardown, keeper, &keeper->cleanup_hook);
    return keeper;
  }

  static void Close(HandlerKeeper* keeper) {
    if (keeper->closing) return;
    keeper->closing = true;
    uv_close(reinterpret_cast<uv_handle_t*>(&keeper->signal), OnClosed);
  }

  static void OnEnvTeardown(napi_async_cleanup_hook_handle, void* data) { Close(static_cast<HandlerKeeper*>(data)); }

  static void OnClosed(uv_handle_t* handle) {
    auto* keeper = static_cast<HandlerKeeper*>(handle->data);
    if (keeper->cleanup_hook != nullptr) napi_remove_async_cleanup_hook(keeper->cleanup_hook);
    delete keeper;
  }
};

SigchldSubscription* SigchldSubscription::Start(Napi::Env env, Napi::Function on_records) {
  auto* self = new SigchldSubscription();
  try {
    self->keeper_ = HandlerKeeper::Start(env);
  } catch (...) {
    delete self;
    throw;
  }
  std::lock_guard<std::mutex> lock(relay.mutex);
  if (!relay.thread.joinable()) {
    try {
      StartRelay(env);
    } catch (...) {
      HandlerKeeper::Close(self->keeper_);
      delete self;
      throw;
    }
  }
  self->deliver_ = Napi::ThreadSafeFunction::New(env, on_records, "signalfd:SIGCHLD", size_t{0}, size_t{1}, self,
                                                 &SigchldSubscription::Finalize, static_cast<void*>(nullptr));
  relay.subscribers.push_back(&self->deliver_);
  return self;
}

void SigchldSubscription::Unsubscribe() {
  std::unique_lock<std::mutex> lock(relay.mutex);
  auto found = std::find(relay.subscribers.begin(), relay.subscribers.end(), &deliver_);
  if (found == relay.subscribers.end()) return;
  relay.subscribers.erase(found);
  if (relay.subscribers.empty() && relay.thread.joinable()) StopRelay(lock);
}

void SigchldSubscription::End() {
  if (ended_) return;
  ended_ = true;
  Unsubscribe();
  HandlerKeeper::Close(keeper_);
  deliver_.Release();
}

void SigchldSubscription::Finalize(Napi::Env, void*, SigchldSubscription* self) {
  self->Unsubscribe();
  delete self;
}

void SigchldSubscription::Ref(Napi::Env env) { deliver_.Ref(env); }
void SigchldSubscription::Unref(Napi::Env env) { deliver_.Unref(env); }

}  // namespace sfd
