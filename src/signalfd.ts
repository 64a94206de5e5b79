// signalfd(2) and synchronous waiting, for callers who manage the fd themselves.
import { native } from './binding.js';
import { invalidArgType, outOfRange, validateInteger } from './errors.js';
import { decodeSiginfo, type SignalInfo } from './siginfo.js';
import { maskableSignals } from './signal_set.js';
import type { SignalSpec } from './signals.js';

export const SFD_CLOEXEC = 0o2000000;
export const SFD_NONBLOCK = 0o4000;

/**
 * Creates a signalfd (`fd === -1`) or changes which signals an existing one
 * reports. The signals must be blocked (sigprocmask) to be read rather than
 * delivered. Flags apply on creation only, as in the kernel.
 */
export function signalfd(fd: number, signals: SignalSpec | Iterable<SignalSpec>, flags = 0): number {
  validateInteger('fd', fd, -1, 2 ** 31 - 1);
  validateInteger('flags', flags, 0, 2 ** 31 - 1);
  if ((flags & ~(SFD_CLOEXEC | SFD_NONBLOCK)) !== 0) {
    throw outOfRange('flags', 'a combination of SFD_CLOEXEC and SFD_NONBLOCK', flags);
  }
  return native.signalfd(fd, maskableSignals('signals', signals), flags);
}

/**
 * Reads up to `max` records in one read(2). Returns [] when none is pending
 * on a non-blocking fd; on a blocking fd it waits for at least one.
 */
export function readSiginfo(fd: number, max = 64): SignalInfo[] {
  validateInteger('fd', fd, 0, 2 ** 31 - 1);
  validateInteger('max', max, 1, 4096);
  return decodeSiginfo(native.readRecords(fd, max));
}

// The longest finite wait, as for Node's timers; the native deadline in
// nanoseconds must not overflow.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Waits synchronously for one of `signals` (which must be blocked), up to
 * `timeoutMs` (forever when omitted). Returns its record, or null on timeout.
 * Blocks the whole thread, event loop included.
 */
export function sigtimedwait(signals: SignalSpec | Iterable<SignalSpec>, timeoutMs?: number): SignalInfo | null {
  if (timeoutMs !== undefined) {
    if (typeof timeoutMs !== 'number') throw invalidArgType('timeoutMs', 'of type number', timeoutMs);
    if (!(timeoutMs >= 0 && timeoutMs <= MAX_TIMEOUT_MS)) {
      throw outOfRange('timeoutMs', `>= 0 && <= ${MAX_TIMEOUT_MS}`, timeoutMs);
    }
  }
  const record = native.sigtimedwait(maskableSignals('signals', signals), timeoutMs ?? -1);
  return record === null ? null : decodeSiginfo(record)[0]!;
}
