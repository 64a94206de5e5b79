// supervise(): run a command as its init. Forwards every signal this process
// receives to it, reaps the zombies this process inherits without taking the
// command's own exit from libuv, and reports how the command ended.
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { libuvPids, reapChildren, type ReapedChild } from './children.js';
import { invalidArgType, validateInteger, validateObject } from './errors.js';
import type { SignalInfo } from './siginfo.js';
import { signalName, signalNumber, type SignalName, type SignalSpec } from './signals.js';
import { descendantsOf } from './supervisor/descendants.js';
import { startInOwnGroup, type StartFailure } from './supervisor/exec_shim.js';
import { deliver, forwardedSignals, outgoingSignal, rewriteTable, type RewriteRules } from './supervisor/forwarding.js';
import { setChildSubreaper, setParentDeathSignal } from './supervisor/process_control.js';
import { watch, type SignalWatcher } from './watcher.js';

export { isChildSubreaper, setChildSubreaper, setParentDeathSignal } from './supervisor/process_control.js';
export type { StartFailure } from './supervisor/exec_shim.js';
export type { RewriteRules } from './supervisor/forwarding.js';

export interface SuperviseOptions {
  /** Forward to the command's process group instead of the command alone (tini -g). Default false. */
  group?: boolean;
  /** Become a child subreaper, so orphaned descendants are reparented here and reaped (tini -s). Default false. */
  subreaper?: boolean;
  /** Signal this process gets when its parent dies (tini -p); it is forwarded like any other. */
  parentDeathSignal?: SignalSpec;
  /** Received signal -> signal to send instead, 0 to drop it (dumb-init -r): `{ SIGTERM: 'SIGQUIT', SIGHUP: 0 }`. */
  rewrite?: RewriteRules;
  /**
   * After the command exits, wait for the other descendants: up to `grace` ms,
   * then SIGTERM them, up to `grace` ms more, then SIGKILL. Implies `subreaper`.
   * Every child of this process that is not a running ChildProcess counts.
   */
  waitAll?: boolean;
  /** Milliseconds for each step of `waitAll`. Default 5000. */
  grace?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The command's stdin, stdout and stderr, as for child_process.spawn. Default 'inherit'. */
  stdio?: StdioOptions;
}

export interface SupervisorExit {
  /** What a shell reports: the exit code, 128 + the signal's number, or 127/126 when the command could not be run. */
  status: number;
  exitCode: number | null;
  signal: SignalName | null;
  /** Why the command could not be started, or null. */
  error: StartFailure | null;
}

/** One received signal and what became of it. */
export interface ForwardedSignal {
  /** As received: sender pid and uid, si_code, payload. */
  info: SignalInfo;
  /** The signal sent on (after rewriting), or null when it was dropped. */
  signal: SignalName | null;
  /** Where it went: a pid, or -pgid for the process group; null when dropped. */
  to: number | null;
  /** Sent with sigqueue, keeping info.int. */
  queued: boolean;
  /** The kernel's refusal (ESRCH: already gone), or null. */
  error: NodeJS.ErrnoException | null;
}

/** SIGTERM or SIGKILL sent to the descendants left when `waitAll`'s grace ran out. */
export interface TerminatedDescendants {
  signal: 'SIGTERM' | 'SIGKILL';
  pids: number[];
}

export interface SupervisorEvents {
  signal: [ForwardedSignal];
  reap: [ReapedChild];
  terminate: [TerminatedDescendants];
  exit: [SupervisorExit];
  error: [unknown];
}

type Phase = 'starting' | 'running' | 'draining' | 'done';

const DEFAULT_GRACE_MS = 5000;
// si_code of SIGCHLD records that report an end.
const CLD_EXITED = 1;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;
// How long to wait for the command's SIGCHLD record when Node reports exit
// code 0: the kernel coalesces SIGCHLD, so a record may never come.
const RECORD_WAIT_MS = 1000;

function validateStdio(stdio: unknown): Exclude<StdioOptions, string> {
  if (stdio === undefined) return ['inherit', 'inherit', 'inherit'];
  if (stdio === 'inherit' || stdio === 'pipe' || stdio === 'ignore') return [stdio, stdio, stdio];
  if (Array.isArray(stdio) && stdio.length <= 3) return stdio as Exclude<StdioOptions, string>;
  throw invalidArgType('options.stdio', "'inherit', 'pipe', 'ignore' or an array of at most 3 entries", stdio);
}

function validateBoolean(name: string, value: unknown): boolean {
  if (value !== undefined && typeof value !== 'boolean') throw invalidArgType(name, 'of type boolean', value);
  return value === true;
}

function statusOf(exitCode: number | null, signal: NodeJS.Signals | null): number {
  return exitCode ?? 128 + signalNumber(signal!);
}

/**
 * A running supervision: the command's ChildProcess, a promise of how it
 * ended, and events for each forwarded signal, reaped zombie and the end.
 */
export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly child: ChildProcess;
  /** Resolves when the command exited (and, with `waitAll`, every other descendant too). Never rejects. */
  readonly exited: Promise<SupervisorExit>;
  #phase: Phase = 'starting';
  readonly #queued: SignalInfo[] = [];
  readonly #forwarding: SignalWatcher;
  readonly #reaping: SignalWatcher;
  readonly #group: boolean;
  readonly #rewrite: Map<number, number>;
  readonly #waitAll: boolean;
  readonly #graceMs: number;
  #resolveExit!: (result: SupervisorExit) => void;
  #childrenChanged: (() => void) | null = null;
  /** The SIGCHLD record of the command's end, once read. */
  #endRecord: SignalInfo | null = null;
  #onEndRecord: (() => void) | null = null;

  /** @internal use supervise() */
  constructor(command: string, args: readonly string[], options: SuperviseOptions) {
    super();
    if (typeof command !== 'string' || command === '') throw invalidArgType('command', 'a non-empty string', command);
    if (!Array.isArray(args) || args.some((arg) => typeof arg !== 'string')) {
      throw invalidArgType('args', 'an array of strings', args);
    }
    this.#group = validateBoolean('options.group', options.group);
    this.#waitAll = validateBoolean('options.waitAll', options.waitAll);
    const subreaper = validateBoolean('options.subreaper', options.subreaper) || this.#waitAll;
    this.#graceMs = options.grace === undefined ? DEFAULT_GRACE_MS : validateInteger('options.grace', options.grace, 0, 2 ** 31 - 1);
    this.#rewrite = rewriteTable(options.rewrite);
    const stdio = validateStdio(options.stdio);
    const deathSignal = options.parentDeathSignal === undefined ? undefined : signalNumber(options.parentDeathSignal);

    this.exited = new Promise((resolve) => (this.#resolveExit = resolve));
    // Signals are blocked (and queue up) before the command exists, so none
    // that arrives while it starts is lost.
    this.#forwarding = watch(forwardedSignals());
    this.#reaping = watch('SIGCHLD');
    try {
      if (subreaper) setChildSubreaper(true);
      if (deathSignal !== undefined) setParentDeathSignal(deathSignal);
      const { child, started } = startInOwnGroup(command, [...args], {
        stdio,
        ...(options.cwd !== undefined && { cwd: options.cwd }),
        ...(options.env !== undefined && { env: options.env }),
      });
      this.child = child;
      child.on('error', (error) => this.#finish({ status: 1, exitCode: null, signal: null, error: error as StartFailure }));
      child.once('exit', (code, signal) => void this.#commandExited(started, code, signal));
      void started.then((failure) => {
        if (failure === null && this.#phase === 'starting') this.#running();
      });
    } catch (error) {
      this.#closeWatchers();
      throw error;
    }
    // A failing signalfd read leaves nothing to supervise with.
    this.#forwardLoop().catch((error: unknown) => this.emit('error', error));
    this.#reapLoop().catch((error: unknown) => this.emit('error', error));
  }

  async #forwardLoop(): Promise<void> {
    for await (const info of this.#forwarding) {
      if (this.#phase === 'starting') this.#queued.push(info);
      else this.#forward(info);
    }
  }

  async #reapLoop(): Promise<void> {
    for await (const info of this.#reaping) {
      if (info.pid === this.child.pid && [CLD_EXITED, CLD_KILLED, CLD_DUMPED].includes(info.code)) {
        this.#endRecord = info;
        this.#onEndRecord?.();
      }
      this.#reap();
    }
  }

  /**
   * The signal that killed the command, from its SIGCHLD record. Node reports
   * a command killed by a real-time signal as exit code 0 (it has no name
   * for the signal), so an exit code 0 is checked against the record.
   */
  async #signalFromRecord(): Promise<SignalName | null> {
    const record =
      this.#endRecord ??
      (await new Promise<SignalInfo | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), RECORD_WAIT_MS);
        this.#onEndRecord = () => {
          clearTimeout(timer);
          resolve(this.#endRecord);
        };
      }));
    this.#onEndRecord = null;
    return record !== null && record.code !== CLD_EXITED ? signalName(record.status) : null;
  }

  #running(): void {
    this.#phase = 'running';
    for (const info of this.#queued.splice(0)) this.#forward(info);
  }

  #forward(info: SignalInfo): void {
    const signo = outgoingSignal(this.#rewrite, info.signo);
    let targets: number[] = [];
    if (signo !== 0 && this.#phase === 'running') targets = [this.#group ? -this.child.pid! : this.child.pid!];
    if (signo !== 0 && this.#phase === 'draining') targets = this.#remaining();
    if (targets.length === 0) {
      this.emit('signal', { info, signal: null, to: null, queued: false, error: null });
      return;
    }
    for (const to of targets) this.emit('signal', { info, signal: signalName(signo), to, ...deliver(to, signo, info) });
  }

  #reap(): void {
    for (const reaped of reapChildren()) this.emit('reap', reaped);
    this.#childrenChanged?.();
  }

  /** Descendants of this process, except running ChildProcesses and theirs. */
  #remaining(): number[] {
    return descendantsOf(process.pid, libuvPids());
  }

  async #commandExited(started: Promise<StartFailure | null>, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    // The report pipe closes by the time the command exits.
    const error = await started;
    const realTimeSignal = code === 0 && signal === null ? await this.#signalFromRecord() : null;
    if (this.#phase === 'done') return;
    this.#reap();
    const result: SupervisorExit =
      realTimeSignal === null
        ? { status: statusOf(code, signal), exitCode: code, signal, error }
        : { status: 128 + signalNumber(realTimeSignal), exitCode: null, signal: realTimeSignal, error };
    if (this.#waitAll && error === null) {
      this.#phase = 'draining';
      this.#queued.length = 0;
      await this.#drain();
    }
    this.#finish(result);
  }

  /** Waits for the remaining descendants: grace, SIGTERM, grace, SIGKILL. */
  async #drain(): Promise<void> {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if (await this.#allGone(this.#graceMs)) return;
      const pids = this.#remaining();
      if (pids.length === 0) return;
      this.emit('terminate', { signal, pids });
      for (const pid of pids) {
        try {
          process.kill(pid, signal);
        } catch {
          // already gone
        }
      }
    }
    await this.#allGone(Infinity);
  }

  /** Resolves true once no descendant is left, or false after `timeoutMs`. */
  #allGone(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const check = (): void => {
        if (this.#remaining().length > 0) return;
        clearTimeout(timer);
        this.#childrenChanged = null;
        resolve(true);
      };
      this.#childrenChanged = check;
      if (timeoutMs !== Infinity) {
        timer = setTimeout(() => {
          this.#childrenChanged = null;
          resolve(false);
        }, timeoutMs);
      }
      check();
    });
  }

  #finish(result: SupervisorExit): void {
    if (this.#phase === 'done') return;
    this.#phase = 'done';
    this.#reap();
    // Listeners run before the mask is restored, so an init can exit from
    // 'exit' with every signal still blocked.
    this.emit('exit', result);
    this.#resolveExit(result);
    this.#closeWatchers();
  }

  #closeWatchers(): void {
    this.#forwarding.close();
    this.#reaping.close();
  }
}

/**
 * Runs `command` with `args` in a process group of its own (with the terminal,
 * when this process had it) and supervises it like tini: every signal this
 * process receives is forwarded (real-time and sigqueue'd ones with their
 * payload), zombies it inherits are reaped, and `exited` tells how the command
 * ended. Signals stay blocked in this process until then.
 */
export function supervise(command: string, args: readonly string[] = [], options: SuperviseOptions = {}): Supervisor {
  return new Supervisor(command, args, validateObject<SuperviseOptions>('options', options));
}
