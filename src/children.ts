// Reaping zombie children that libuv does not own. libuv waits only for the
// pids it spawned and drops an exit it cannot collect (ECHILD), so this never
// calls waitpid(-1): it reaps pid by pid, skipping every ChildProcess it can
// learn of.
import type { ChildProcess } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { readdirSync, readFileSync } from 'node:fs';
import { native } from './binding.js';
import { invalidArgType, validateInteger, validateObject } from './errors.js';
import { signalName, type SignalName } from './signals.js';

const running = new Set<ChildProcess>();

// Node publishes every ChildProcess it spawns (from Node 16.18/18.7 on).
subscribe('child_process', (message) => {
  const child = (message as { process: ChildProcess }).process;
  running.add(child);
  child.once('exit', () => running.delete(child));
});

/** Pids that libuv owns: children spawned since import, and ref'd ones spawned before. */
export function libuvPids(): Set<number> {
  const pids = new Set<number>();
  for (const child of running) if (child.pid !== undefined) pids.add(child.pid);
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  for (const handle of handles) {
    const pid = (handle as Partial<ChildProcess>)?.pid;
    if (typeof pid === 'number' && typeof (handle as Partial<ChildProcess>).kill === 'function') pids.add(pid);
  }
  return pids;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Children of every thread of this process (they are per thread in /proc). */
export function childPids(): number[] {
  const pids: number[] = [];
  for (const tid of readdirSync('/proc/self/task')) {
    for (const pid of readOr(`/proc/self/task/${tid}/children`, '').split(' ')) if (pid) pids.push(Number(pid));
  }
  return pids;
}

function isZombie(pid: number): boolean {
  const stat = readOr(`/proc/${pid}/stat`, '');
  // The state follows the command name, which is in parentheses and may contain any byte.
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
}

export interface ReapedChild {
  pid: number;
  /** Exit code, or null when a signal ended it. */
  exitCode: number | null;
  /** Signal that ended it, or null. */
  signal: SignalName | null;
}

/** Decodes a wait status (as from waitpid) into exit code or signal. */
export function decodeWaitStatus(status: number): { exitCode: number | null; signal: SignalName | null } {
  const termSignal = status & 0x7f;
  return termSignal === 0 ? { exitCode: (status >> 8) & 0xff, signal: null } : { exitCode: null, signal: signalName(termSignal) };
}

export interface ReapOptions {
  /** Pids never to reap (children some other code waits for). */
  except?: Iterable<number>;
}

/**
 * Reaps zombie children that libuv does not own: those in state Z among
 * /proc/self/task/*\/children, minus every ChildProcess this library can know
 * (spawned after it was imported, or ref'd), minus `except`. Children that
 * another native addon waits for must be listed in `except`.
 */
export function reapChildren(options: ReapOptions = {}): ReapedChild[] {
  const { except = [] } = validateObject<ReapOptions>('options', options);
  if (typeof except !== 'object' || except === null || !(Symbol.iterator in except)) {
    throw invalidArgType('options.except', 'an iterable of pids', except);
  }
  const skip = libuvPids();
  for (const pid of except) skip.add(validateInteger('options.except[]', pid, 1, 2 ** 22));
  const reaped: ReapedChild[] = [];
  for (const pid of childPids()) {
    if (skip.has(pid) || !isZombie(pid)) continue;
    let status: number | null;
    try {
      status = native.waitpid(pid);
    } catch {
      continue; // someone else reaped it first
    }
    if (status !== null) reaped.push({ pid, ...decodeWaitStatus(status) });
  }
  return reaped;
}
