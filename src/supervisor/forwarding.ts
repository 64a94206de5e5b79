// Which signals a supervisor forwards, how --rewrite changes them, and how
// one is sent on: with sigqueue when it came with a payload, so real-time
// (and any sigqueue'd) signals keep info.int; with kill otherwise.
import { broadcastSignalNumber } from '../broadcast.js';
import { invalidArgType, invalidArgValue } from '../errors.js';
import { sigqueue } from '../send.js';
import type { SignalInfo } from '../siginfo.js';
import { signalName, signalNumber, signals, type SignalSpec } from '../signals.js';

// Left to this process, as tini does: SIGKILL/SIGSTOP cannot be caught, the
// fault signals describe this process's own state, and SIGCHLD means reaping.
const KEPT = new Set(['SIGKILL', 'SIGSTOP', 'SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 'SIGABRT', 'SIGTRAP', 'SIGSYS', 'SIGCHLD']);

// Job-control signals for a background process: blocked (so a write to the
// terminal with TOSTOP set cannot stop this process) but not forwarded, as
// tini ignores them. A rewrite rule can still forward them.
const JOB_CONTROL_ONLY = new Set(['SIGTTIN', 'SIGTTOU']);

const SI_QUEUE = -1;

/** Every signal the supervisor receives and forwards (all but KEPT and the broadcast signal). */
export function forwardedSignals(): number[] {
  const broadcast = broadcastSignalNumber();
  return signals()
    .filter((name) => !KEPT.has(name))
    .map(signalNumber)
    .filter((signo) => signo !== broadcast);
}

export type RewriteRules = Map<SignalSpec, SignalSpec | 0> | Record<string, SignalSpec | 0>;

/** Validated rules: received signal number -> signal number to send, 0 to drop. */
export function rewriteTable(rules: RewriteRules | undefined): Map<number, number> {
  const table = new Map<number, number>();
  if (rules === undefined) return table;
  if (rules === null || typeof rules !== 'object') throw invalidArgType('options.rewrite', 'a Map or an object', rules);
  const forwarded = new Set(forwardedSignals());
  const entries = rules instanceof Map ? [...rules] : Object.entries(rules);
  for (const [from, to] of entries) {
    const received = signalNumber(from);
    if (!forwarded.has(received)) {
      throw invalidArgValue('options.rewrite', signalName(received), `must not rewrite ${signalName(received)}: the supervisor never forwards it`);
    }
    table.set(received, to === 0 || to === '0' ? 0 : signalNumber(to));
  }
  return table;
}

/** What a received signal becomes: a signal number, or 0 when it is dropped. */
export function outgoingSignal(table: ReadonlyMap<number, number>, signo: number): number {
  const rewritten = table.get(signo);
  if (rewritten !== undefined) return rewritten;
  return JOB_CONTROL_ONLY.has(signalName(signo)) ? 0 : signo;
}

export interface Delivery {
  /** Sent with sigqueue, carrying the received payload. */
  queued: boolean;
  /** Why the kernel refused (ESRCH when the target is gone), or null. */
  error: NodeJS.ErrnoException | null;
}

/** Sends `signo` to `target` (a pid, or -pgid for a process group) on behalf of `info`. */
export function deliver(target: number, signo: number, info: SignalInfo): Delivery {
  // sigqueue reaches one process only; a group gets kill.
  const queued = info.code === SI_QUEUE && target > 0;
  try {
    if (queued) sigqueue(target, signo, info.int);
    else process.kill(target, signo);
    return { queued, error: null };
  } catch (error) {
    return { queued, error: error as NodeJS.ErrnoException };
  }
}
