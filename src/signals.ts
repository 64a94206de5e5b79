// Signal names and numbers, including real-time signals resolved against the
// C library's run-time SIGRTMIN/SIGRTMAX (glibc reserves 32 and 33).
import { constants } from 'node:os';
import { native } from './binding.js';
import { invalidArgType, invalidArgValue, unknownSignal } from './errors.js';

/** A signal as a name ('SIGTERM', 'TERM', 'SIGRTMIN+3', 'SIGRTMAX-1') or a number. */
export type SignalSpec = string | number;
export type SignalName = string;

export const { SIGRTMIN, SIGRTMAX } = native.limits();

const numberByName = new Map<string, number>();
const nameByNumber = new Map<number, string>();
for (const [name, signo] of Object.entries(constants.signals)) {
  numberByName.set(name, signo);
  // The first name listed wins (SIGABRT over SIGIOT, SIGIO over SIGPOLL).
  if (!nameByNumber.has(signo)) nameByNumber.set(signo, name);
}

const REAL_TIME = /^(?:SIG)?RT(MIN|MAX)(?:([+-])(\d+))?$/;

/** Name of a signal number; real-time ones as 'SIGRTMIN+n' / 'SIGRTMAX-n', as glibc and bash write them. */
export function signalName(signo: number): SignalName {
  if (typeof signo !== 'number') throw invalidArgType('signo', 'of type number', signo);
  const standard = nameByNumber.get(signo);
  if (standard !== undefined) return standard;
  if (Number.isInteger(signo) && signo >= SIGRTMIN && signo <= SIGRTMAX) {
    if (signo === SIGRTMIN) return 'SIGRTMIN';
    if (signo === SIGRTMAX) return 'SIGRTMAX';
    const fromMin = signo - SIGRTMIN;
    return fromMin <= (SIGRTMAX - SIGRTMIN) / 2 ? `SIGRTMIN+${fromMin}` : `SIGRTMAX-${SIGRTMAX - signo}`;
  }
  throw unknownSignal(signo);
}

/** Number of a signal spec; throws ERR_UNKNOWN_SIGNAL for anything that is not a signal here. */
export function signalNumber(spec: SignalSpec): number {
  if (typeof spec === 'number') {
    if (Number.isInteger(spec) && (nameByNumber.has(spec) || (spec >= SIGRTMIN && spec <= SIGRTMAX))) return spec;
    if (Number.isInteger(spec) && spec > 31 && spec < SIGRTMIN) {
      throw invalidArgValue('signal', spec, `is reserved by the C library (glibc uses ${spec} internally)`);
    }
    throw unknownSignal(spec);
  }
  if (typeof spec !== 'string') throw invalidArgType('signal', 'of type string or number', spec);
  const upper = spec.trim().toUpperCase();
  if (/^\d+$/.test(upper)) return signalNumber(Number(upper));
  const named = numberByName.get(upper) ?? numberByName.get(`SIG${upper}`);
  if (named !== undefined) return named;
  const realTime = REAL_TIME.exec(upper);
  if (realTime !== null) {
    const [, base, sign, offset] = realTime;
    const signo = (base === 'MIN' ? SIGRTMIN : SIGRTMAX) + (sign === '-' ? -1 : 1) * Number(offset ?? 0);
    if ((base === 'MIN' && sign === '-') || (base === 'MAX' && sign === '+') || signo < SIGRTMIN || signo > SIGRTMAX) {
      throw invalidArgValue('signal', spec, `is outside SIGRTMIN (${SIGRTMIN}) … SIGRTMAX (${SIGRTMAX})`);
    }
    return signo;
  }
  throw unknownSignal(spec);
}

/** Every valid signal of this process, by number. */
export function signals(): SignalName[] {
  const all = [...nameByNumber.keys()].sort((a, b) => a - b);
  for (let signo = SIGRTMIN; signo <= SIGRTMAX; signo++) all.push(signo);
  return all.map(signalName);
}

export function isRealTime(signo: number): boolean {
  return signo >= SIGRTMIN && signo <= SIGRTMAX;
}
