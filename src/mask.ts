// Signal masks: process-wide (every thread, by broadcast) and per thread.
import { native } from './binding.js';
import { invalidArgType, invalidArgValue, underProfiler } from './errors.js';
import { maskableSignals } from './signal_set.js';
import { signalName, type SignalName, type SignalSpec } from './signals.js';

export const SIG_BLOCK = 0;
export const SIG_UNBLOCK = 1;
export const SIG_SETMASK = 2;

export type MaskHow = 'block' | 'unblock' | 'setmask' | typeof SIG_BLOCK | typeof SIG_UNBLOCK | typeof SIG_SETMASK;

const HOW: Record<string, number> = { block: SIG_BLOCK, unblock: SIG_UNBLOCK, setmask: SIG_SETMASK };

function howNumber(how: unknown): number {
  if (typeof how === 'string' && how in HOW) return HOW[how]!;
  if (how === SIG_BLOCK || how === SIG_UNBLOCK || how === SIG_SETMASK) return how;
  if (typeof how !== 'string' && typeof how !== 'number') throw invalidArgType('how', 'of type string or number', how);
  throw invalidArgValue('how', how, "must be 'block', 'unblock', 'setmask' or SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK");
}

function names(numbers: number[]): SignalName[] {
  return numbers.map(signalName);
}

/**
 * True when this process runs under `node --prof`, where libuv defeats
 * blocking. Only the command line can set it: Node refuses --prof in NODE_OPTIONS.
 */
export function underProf(): boolean {
  return process.execArgv.includes('--prof');
}

/** Changes the process-wide mask as one change: block `block`, unblock `unblock`, on every thread. */
export function changeProcessMask(block: number[], unblock: number[]): number[] {
  if (block.length > 0 && underProf()) throw underProfiler();
  return native.setProcessMask(block, unblock);
}

/**
 * Changes the signal mask of every thread of the process (not only the
 * caller's, as sigprocmask(2) does in a threaded process). Threads created
 * later inherit it. Returns the previous mask.
 */
export function sigprocmask(how: MaskHow, signals: SignalSpec | Iterable<SignalSpec>): SignalName[] {
  const mode = howNumber(how);
  const list = maskableSignals('signals', signals);
  if (mode === SIG_BLOCK) return names(changeProcessMask(list, []));
  if (mode === SIG_UNBLOCK) return names(changeProcessMask([], list));
  const wanted = new Set(list);
  const unblock = native.threadMask().filter((signo) => !wanted.has(signo));
  return names(changeProcessMask(list, unblock));
}

/** Changes the calling thread's mask only: pthread_sigmask(3). Returns the previous mask. */
export function pthreadSigmask(how: MaskHow, signals: SignalSpec | Iterable<SignalSpec>): SignalName[] {
  const mode = howNumber(how);
  return names(native.setThreadMask(mode, maskableSignals('signals', signals)));
}

/** The calling thread's blocked signals (after sigprocmask, every thread's). */
export function getSigmask(): SignalName[] {
  return names(native.threadMask());
}

/** Signals pending for the calling thread or the process: sigpending(2). */
export function sigpending(): SignalName[] {
  return names(native.pending());
}
