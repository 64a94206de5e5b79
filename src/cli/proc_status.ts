// What /proc tells about another process: its command name, and the signal
// masks of each of its threads (proc(5): /proc/<pid>/task/<tid>/status).
import { readdirSync, readFileSync } from 'node:fs';

/** The command name of `pid` (/proc/<pid>/comm), or null once it is gone or for pid 0. */
export function commandName(pid: number): string | null {
  if (pid <= 0) return null;
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').replace(/\n$/, '');
  } catch {
    return null;
  }
}

/** One thread's signal state, as bit masks (bit n-1 is signal n). */
export interface ThreadSignals {
  tid: number;
  name: string;
  /** SigBlk */
  blocked: bigint;
  /** SigPnd: pending for this thread only. */
  pendingThread: bigint;
  /** ShdPnd: pending for the whole process. */
  pendingShared: bigint;
  /** SigIgn: disposition SIG_IGN (shared by all threads). */
  ignored: bigint;
  /** SigCgt: a handler installed (shared by all threads). */
  caught: bigint;
}

function field(status: string, name: string): string {
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(status);
  if (match === null) throw new Error(`/proc status lacks ${name}`);
  return match[1]!;
}

function mask(status: string, name: string): bigint {
  return BigInt(`0x${field(status, name)}`);
}

/**
 * The signal state of every thread of `pid`. Throws ENOENT when there is no
 * such process; threads that exit while being read are left out.
 */
export function threadSignals(pid: number): ThreadSignals[] {
  const threads: ThreadSignals[] = [];
  const tids = readdirSync(`/proc/${pid}/task`).map(Number).sort((a, b) => a - b);
  for (const tid of tids) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    } catch {
      continue;
    }
    threads.push({
      tid,
      name: field(status, 'Name'),
      blocked: mask(status, 'SigBlk'),
      pendingThread: mask(status, 'SigPnd'),
      pendingShared: mask(status, 'ShdPnd'),
      ignored: mask(status, 'SigIgn'),
      caught: mask(status, 'SigCgt'),
    });
  }
  return threads;
}
