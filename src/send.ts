// Sending signals with what kill(2) cannot carry: a payload, or a thread target.
import { native } from './binding.js';
import { validateInteger } from './errors.js';
import { signalNumber, type SignalSpec } from './signals.js';

const PID_MAX = 2 ** 22;

function sendableSignal(spec: SignalSpec): number {
  // 0 probes for existence and permission, as with kill(2).
  return spec === 0 ? 0 : signalNumber(spec);
}

/** sigqueue(3): sends `signal` to process `pid` with an integer payload (received as `info.int`). */
export function sigqueue(pid: number, signal: SignalSpec, value = 0): void {
  validateInteger('pid', pid, 1, PID_MAX);
  validateInteger('value', value, -(2 ** 31), 2 ** 31 - 1);
  native.sigqueue(pid, sendableSignal(signal), value);
}

/** tgkill(2): sends `signal` to thread `tid` of process `tgid`. */
export function tgkill(tgid: number, tid: number, signal: SignalSpec): void {
  validateInteger('tgid', tgid, 1, PID_MAX);
  validateInteger('tid', tid, 1, PID_MAX);
  native.tgkill(tgid, tid, sendableSignal(signal));
}

/** The calling thread's kernel thread id: gettid(2). */
export function gettid(): number {
  return native.gettid();
}
