// Runs the real CLI (`node dist/cli/main.js …`) the way a user does.
import { readFileSync } from 'node:fs';
import type { SpawnOptions } from 'node:child_process';
import { packageRoot, run, type Running } from './helpers.js';

export const cliPath = packageRoot + 'dist/cli/main.js';

/** How long a Node process may take to start: long, for emulated (qemu-user) runs. */
export const STARTUP_MS = 120_000;

const started = new Set<Running>();

/** Registers a child for killLeftovers(). */
export function track(running: Running): Running {
  started.add(running);
  return running;
}

/** Starts `signalfd …args`. */
export function cli(args: string[], options: SpawnOptions = {}): Running {
  return track(run(process.execPath, [cliPath, ...args], options));
}

/** Kills what a test started and left running (it failed half-way): a blocked watch outlives its test. */
export function killLeftovers(): void {
  for (const running of started) {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  }
  started.clear();
}

/** Runs `signalfd …args` to completion. */
export function cliExit(args: string[], options: SpawnOptions = {}) {
  return cli(args, options).exit();
}

/** The command name the kernel shows for `pid` (what the CLI prints for a sender). */
export function commOf(pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

/** Every stderr line, for checking that an error is one line without a stack. */
export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '');
}

/** The ready object `signalfd watch --json` prints first. */
export interface Ready {
  ready: true;
  pid: number;
  signals: string[];
}

/** One record line of `signalfd watch --json`. */
export interface WatchRecord {
  signal: string;
  signo: number;
  codeName: string;
  code: number;
  pid: number;
  uid: number;
  int: number;
  status: number;
  ptr: string;
  utime: string;
  comm: string | null;
  time: string;
}

/** Starts `signalfd watch --json …args` and waits for its ready line. */
export async function startWatch(args: string[] = [], options: SpawnOptions = {}): Promise<{ watch: Running; ready: Ready }> {
  const watch = cli(['watch', '--json', ...args], options);
  const ready = await watch.json<Ready>('ready', STARTUP_MS);
  return { watch, ready };
}

/** Waits for the record of `signal` printed by `watch --json` (the first one, or the one matching `also`). */
export async function recordOf(watch: Running, signal: string, also = ''): Promise<WatchRecord> {
  const line = await watch.line(new RegExp(`^\\{"signal":"${signal.replace('+', '\\+')}".*${also}`));
  return JSON.parse(line) as WatchRecord;
}
