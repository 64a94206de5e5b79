// Turns user signal lists into validated, de-duplicated signal numbers, and
// refuses the signals that cannot or must not be blocked.
import { invalidArgType, invalidArgValue } from './errors.js';
import { broadcastSignalNumber } from './broadcast.js';
import { signalName, signalNumber, type SignalSpec } from './signals.js';

const UNBLOCKABLE = new Set(['SIGKILL', 'SIGSTOP']);
const SYNCHRONOUS_FAULTS = new Set(['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL']);

/** Signal numbers of one spec or a list of specs, in order, without repeats. */
export function signalList(name: string, specs: SignalSpec | Iterable<SignalSpec>): number[] {
  if (typeof specs === 'string' || typeof specs === 'number') return [signalNumber(specs)];
  if (specs === null || typeof specs !== 'object' || !(Symbol.iterator in specs)) {
    throw invalidArgType(name, 'a signal name, a signal number or an array of them', specs);
  }
  return [...new Set([...specs].map(signalNumber))];
}

/** Like signalList, refusing signals that cannot be blocked or read from a signalfd. */
export function maskableSignals(name: string, specs: SignalSpec | Iterable<SignalSpec>): number[] {
  const list = signalList(name, specs);
  const broadcast = broadcastSignalNumber();
  for (const signo of list) {
    const signal = signalName(signo);
    if (UNBLOCKABLE.has(signal)) {
      throw invalidArgValue(name, signal, 'must not include SIGKILL or SIGSTOP: they cannot be blocked, caught or read');
    }
    if (SYNCHRONOUS_FAULTS.has(signal)) {
      throw invalidArgValue(
        name,
        signal,
        `must not include ${signal}: it is a synchronous fault signal, and blocking it makes the kernel kill the process at the next fault`,
      );
    }
    if (signo === broadcast) {
      throw invalidArgValue(
        name,
        signal,
        `must not include ${signal}: this process uses it to change every thread's mask (see broadcastSignal())`,
      );
    }
  }
  return list;
}
