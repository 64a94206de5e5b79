// Process attributes an init sets on itself, through prctl(2).
import { native } from '../binding.js';
import { invalidArgType } from '../errors.js';
import { signalNumber, type SignalSpec } from '../signals.js';

/**
 * Makes this process a child subreaper (PR_SET_CHILD_SUBREAPER): orphaned
 * descendants are reparented to it instead of to PID 1, so it can reap them.
 */
export function setChildSubreaper(on = true): void {
  if (typeof on !== 'boolean') throw invalidArgType('on', 'of type boolean', on);
  native.setChildSubreaper(on);
}

/** Whether this process is a child subreaper. */
export function isChildSubreaper(): boolean {
  return native.isChildSubreaper();
}

/**
 * Asks the kernel to send `signal` to this process when its parent thread
 * exits (PR_SET_PDEATHSIG); 0 clears it. The setting is dropped across
 * exec of a set-user-ID program and by fork.
 */
export function setParentDeathSignal(signal: SignalSpec | 0): void {
  native.setParentDeathSignal(signal === 0 ? 0 : signalNumber(signal));
}
