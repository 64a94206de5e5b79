// signalfd: real POSIX signal control for Node.js on Linux.
export { broadcastSignal, setBroadcastSignal } from './broadcast.js';
export { childPids, decodeWaitStatus, reapChildren, type ReapOptions, type ReapedChild } from './children.js';
export { signalChannel, type RecordSource } from './hub.js';
export { getSigmask, pthreadSigmask, sigpending, sigprocmask, SIG_BLOCK, SIG_SETMASK, SIG_UNBLOCK, type MaskHow } from './mask.js';
export { gettid, sigqueue, tgkill } from './send.js';
export { codeName, decodeSiginfo, SIGINFO_SIZE, type SignalInfo } from './siginfo.js';
export { readSiginfo, SFD_CLOEXEC, SFD_NONBLOCK, signalfd, sigtimedwait } from './signalfd.js';
export { isChildSubreaper, setChildSubreaper, setParentDeathSignal, supervise, Supervisor, type ForwardedSignal, type RewriteRules, type StartFailure, type SuperviseOptions, type SupervisorEvents, type SupervisorExit, type TerminatedDescendants } from './supervisor.js';
export { isRealTime, signalName, signalNumber, signals, SIGRTMAX, SIGRTMIN, type SignalName, type SignalSpec } from './signals.js';
export {
  once,
  SignalWatcher,
  watch,
  type AllowedSenders,
  type OnceOptions,
  type WatcherStats,
  type WatchOptions,
} from './watcher.js';
