// How `signalfd watch` prints a received signal: one line for people, or one
// JSON object per line for programs.
import type { SignalInfo } from '../index.js';
import { nameOf } from './signal_sets.js';
import { paint } from './style.js';

/** A record as watch saw it: the library's fields plus when and from which command. */
export interface Received {
  info: SignalInfo;
  /** When it was read. */
  time: Date;
  /** /proc/<info.pid>/comm when read, null when that process was already gone (or pid 0). */
  comm: string | null;
}

// Codes whose pid and uid name the process that sent the signal.
const SENDER_CODES = new Set(['SI_USER', 'SI_QUEUE', 'SI_TKILL']);

function clock(time: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(time.getHours())}:${two(time.getMinutes())}:${two(time.getSeconds())}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

function describeProcess(pid: number, comm: string | null): string {
  return comm === null ? `pid ${pid}` : `pid ${pid} (${comm})`;
}

/** What a SIGCHLD record says happened to the child. */
function childEvent(info: SignalInfo): string {
  switch (info.codeName) {
    case 'CLD_EXITED':
      return `exited with status ${info.status}`;
    case 'CLD_KILLED':
      return `killed by ${nameOf(info.status)}`;
    case 'CLD_DUMPED':
      return `killed by ${nameOf(info.status)} (core dumped)`;
    case 'CLD_TRAPPED':
      return 'trapped';
    case 'CLD_STOPPED':
      return `stopped by ${nameOf(info.status)}`;
    default:
      return 'continued';
  }
}

/** Who or what the signal came from, and what it carries. */
function origin({ info, comm }: Received): string {
  if (info.codeName.startsWith('CLD_')) return `child ${describeProcess(info.pid, comm)} ${childEvent(info)}, uid ${info.uid}`;
  if (SENDER_CODES.has(info.codeName)) {
    const from = `from ${describeProcess(info.pid, comm)}, uid ${info.uid}`;
    return info.codeName === 'SI_QUEUE' ? `${from}, value ${info.int}` : from;
  }
  // Ctrl-C, Ctrl-\, a terminal resize: no process sent these.
  if (info.codeName === 'SI_KERNEL') return 'from the kernel';
  return info.pid === 0 ? '' : `pid ${info.pid}, uid ${info.uid}`;
}

/** `14:03:07.123  SIGUSR1      10  SI_USER    from pid 4242 (bash), uid 0` */
export function formatLine(received: Received): string {
  const { info } = received;
  const columns = [
    paint('dim', clock(received.time)),
    paint('bold', info.signal.padEnd(11)),
    String(info.signo).padStart(2),
    paint('cyan', info.codeName.padEnd(10)),
    origin(received),
  ];
  return columns.join('  ').trimEnd();
}

/** Every SignalInfo field (bigints as decimal strings, JSON has no 64-bit integers), then comm and time. */
export function formatJson({ info, comm, time }: Received): string {
  return JSON.stringify({ ...info, comm, time: time.toISOString() }, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}
