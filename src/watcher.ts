// SignalWatcher: the async iterator a daemon author uses. Blocks its signals
// process-wide while open (reference-counted with every other watcher) and
// gives back exactly that when closed.
import { closedWatcher, invalidArgType, invalidArgValue, validateInteger, validateObject } from './errors.js';
import { hub, SIGCHLD, type RecordSource, type Subscriber } from './hub.js';
import type { SignalInfo } from './siginfo.js';
import { maskableSignals } from './signal_set.js';
import { signalName, type SignalName, type SignalSpec } from './signals.js';

/** Sender filter: records from other senders are dropped and counted. */
export interface AllowedSenders {
  /** Real uids allowed to send (e.g. `[0, process.getuid()]`). */
  uid?: number[];
  /** Process ids allowed to send. */
  pid?: number[];
  /** Admit records the kernel generated (SI_KERNEL, CLD_*, timers, I/O) — they have no sender. Default false. */
  kernel?: boolean;
}

export interface WatchOptions {
  /** Aborting closes the watcher and rejects a pending next() with the abort reason. */
  signal?: AbortSignal;
  /** Most records buffered before reading pauses and the kernel keeps the rest pending. Default 1024. */
  highWaterMark?: number;
  allow?: AllowedSenders;
  /** Start unref'd: a pending next() does not keep the process alive. Default true (ref'd). */
  ref?: boolean;
}

export interface WatcherStats {
  /** Records delivered to this watcher (after filtering). */
  received: number;
  /** …of which read from the signalfd (or the SIGCHLD relay). */
  viaSignalfd: number;
  /** …of which caught by the safety-net handler on a thread that did not block them. */
  viaSafetyNet: number;
  /** Records refused by `allow`. */
  dropped: number;
  /**
   * SIGCHLD records discarded because the buffer was full. The SIGCHLD relay
   * never pauses (libuv must hear of every exit), so a full watcher loses
   * them as the kernel coalesces a pending SIGCHLD; child_process and
   * reapChildren() still see every exit.
   */
  coalesced: number;
  /** Records waiting in the buffer. */
  buffered: number;
}

/** A pending next() (one record) or nextBatch() (every record of the batch that arrives). */
type Waiter =
  | { batch: false; resolve: (result: IteratorResult<SignalInfo>) => void; reject: (error: unknown) => void }
  | { batch: true; resolve: (result: IteratorResult<SignalInfo[]>) => void; reject: (error: unknown) => void };

// Codes whose record names a sending process.
const SENDER_CODES = new Set([0 /* SI_USER */, -1 /* SI_QUEUE */, -6 /* SI_TKILL */]);

function validateIds(name: string, value: unknown): Set<number> | null {
  if (value === undefined) return null;
  if (!Array.isArray(value)) throw invalidArgType(name, 'an array of integers', value);
  return new Set(value.map((id, index) => validateInteger(`${name}[${index}]`, id, 0, 2 ** 32 - 1)));
}

class SenderFilter {
  private readonly uids: Set<number> | null;
  private readonly pids: Set<number> | null;
  private readonly kernel: boolean;

  constructor(allow: AllowedSenders) {
    this.uids = validateIds('options.allow.uid', allow.uid);
    this.pids = validateIds('options.allow.pid', allow.pid);
    if (allow.kernel !== undefined && typeof allow.kernel !== 'boolean') {
      throw invalidArgType('options.allow.kernel', 'of type boolean', allow.kernel);
    }
    this.kernel = allow.kernel ?? false;
  }

  admits(info: SignalInfo): boolean {
    if (!SENDER_CODES.has(info.code)) return this.kernel;
    return (this.uids === null || this.uids.has(info.uid)) && (this.pids === null || this.pids.has(info.pid));
  }
}

// Watchers dropped without close() give their signals back when collected.
const abandoned = new FinalizationRegistry<Subscriber>((subscriber) => hub.unsubscribe(subscriber));

class WatcherState implements Subscriber {
  readonly buffer: SignalInfo[] = [];
  head = 0;
  readonly waiters: Waiter[] = [];
  /**
   * The watcher, held while a next() is pending: its promise must settle, so
   * the watcher may not be collected (and closed) meanwhile.
   */
  pinned: SignalWatcher | null = null;
  referenced = true;
  closed = false;
  /** An error (abort reason, read failure) that the next next() reports. */
  failure: unknown = undefined;
  /** A nextBatch() waiter is settled once the current batch is all buffered. */
  private batchFlushQueued = false;
  readonly stats = { received: 0, viaSignalfd: 0, viaSafetyNet: 0, dropped: 0, coalesced: 0 };
  readonly readsSignalfd: boolean;
  readonly watchesChildren: boolean;

  constructor(
    readonly signalNumbers: readonly number[],
    readonly highWaterMark: number,
    private readonly filter: SenderFilter | null,
  ) {
    this.readsSignalfd = signalNumbers.some((signo) => signo !== SIGCHLD);
    this.watchesChildren = signalNumbers.includes(SIGCHLD);
  }

  get size(): number {
    return this.buffer.length - this.head;
  }

  capacity(): number {
    return this.highWaterMark - this.size;
  }

  wantsRef(): boolean {
    return this.referenced && this.waiters.length > 0;
  }

  deliver(info: SignalInfo, source: RecordSource): void {
    if (this.filter !== null && !this.filter.admits(info)) {
      this.stats.dropped++;
      return;
    }
    const waiter = this.waiters[0];
    const buffering = waiter === undefined || waiter.batch;
    if (buffering && this.size >= this.highWaterMark) {
      this.stats.coalesced++;
      return;
    }
    this.stats.received++;
    if (source === 'safetyNet') this.stats.viaSafetyNet++;
    else this.stats.viaSignalfd++;
    if (buffering) {
      this.buffer.push(info);
      // The rest of this read(2) batch is delivered synchronously after this
      // record; the microtask runs once all of it is buffered.
      if (waiter !== undefined && !this.batchFlushQueued) {
        this.batchFlushQueued = true;
        queueMicrotask(this.flushBatch);
      }
      return;
    }
    this.waiters.shift();
    if (this.waiters.length === 0) this.pinned = null;
    waiter.resolve({ value: info, done: false });
  }

  private readonly flushBatch = (): void => {
    this.batchFlushQueued = false;
    const waiter = this.waiters[0];
    // A next() may have taken the records meanwhile; the waiter then waits on.
    if (waiter?.batch !== true || this.size === 0) return;
    this.waiters.shift();
    if (this.waiters.length === 0) this.pinned = null;
    waiter.resolve({ value: this.takeAll(), done: false });
    hub.updateFlow();
  };

  fail(error: Error): void {
    const waiter = this.waiters.shift();
    if (this.waiters.length === 0) this.pinned = null;
    if (waiter !== undefined) waiter.reject(error);
    else this.failure ??= error;
  }

  take(): SignalInfo | undefined {
    if (this.head === this.buffer.length) return undefined;
    const info = this.buffer[this.head++]!;
    // Compact once the consumed prefix dominates, keeping take() O(1) amortised.
    if (this.head > 1024 && this.head * 2 > this.buffer.length) {
      this.buffer.splice(0, this.head);
      this.head = 0;
    }
    return info;
  }

  /** The stored failure as a rejected promise, reported once. */
  takeFailure(): Promise<never> | undefined {
    if (this.failure === undefined) return undefined;
    const failure = this.failure;
    this.failure = undefined;
    return Promise.reject(failure);
  }

  takeAll(): SignalInfo[] {
    const all = this.buffer.splice(this.head);
    this.buffer.length = 0;
    this.head = 0;
    return all;
  }
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

export class SignalWatcher implements AsyncIterableIterator<SignalInfo>, AsyncDisposable {
  /** The watched signals, by name. */
  readonly signals: readonly SignalName[];
  readonly #state: WatcherState;
  readonly #abortSignal: AbortSignal | undefined;
  readonly #onAbort = (): void => this.#abort();

  /** @internal use watch() */
  constructor(signalNumbers: number[], options: WatchOptions) {
    const highWaterMark =
      options.highWaterMark === undefined ? 1024 : validateInteger('options.highWaterMark', options.highWaterMark, 1, 2 ** 24);
    const filter = options.allow === undefined ? null : new SenderFilter(validateObject('options.allow', options.allow));
    if (options.ref !== undefined && typeof options.ref !== 'boolean') throw invalidArgType('options.ref', 'of type boolean', options.ref);
    this.signals = Object.freeze(signalNumbers.map(signalName));
    this.#state = new WatcherState(signalNumbers, highWaterMark, filter);
    this.#state.referenced = options.ref ?? true;
    this.#abortSignal = options.signal;
    hub.subscribe(this.#state);
    abandoned.register(this, this.#state, this.#state);
    this.#abortSignal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** The signalfd this thread's watchers read from (-1 for SIGCHLD-only watchers, read by the relay thread). */
  get fd(): number {
    return this.#state.closed || !this.#state.readsSignalfd ? -1 : hub.fd;
  }

  /** Records refused by the `allow` filter. */
  get dropped(): number {
    return this.#state.stats.dropped;
  }

  get stats(): WatcherStats {
    return { ...this.#state.stats, buffered: this.#state.size };
  }

  get closed(): boolean {
    return this.#state.closed;
  }

  next(): Promise<IteratorResult<SignalInfo>> {
    const state = this.#state;
    const rejection = state.takeFailure();
    if (rejection !== undefined) return rejection;
    const info = state.take();
    if (info !== undefined) {
      hub.updateFlow();
      return Promise.resolve({ value: info, done: false });
    }
    if (state.closed) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      state.waiters.push({ batch: false, resolve, reject });
      state.pinned = this;
      hub.updateFlow();
    });
  }

  /**
   * Resolves with every record buffered, or waits for the next batch (all the
   * records one read of the signalfd brought, at most `highWaterMark`): one
   * promise for many signals, for consumers of floods.
   */
  nextBatch(): Promise<IteratorResult<SignalInfo[]>> {
    const state = this.#state;
    const rejection = state.takeFailure();
    if (rejection !== undefined) return rejection;
    if (state.size > 0) {
      const all = state.takeAll();
      hub.updateFlow();
      return Promise.resolve({ value: all, done: false });
    }
    if (state.closed) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      state.waiters.push({ batch: true, resolve, reject });
      state.pinned = this;
      hub.updateFlow();
    });
  }

  /** Async iterator over arrays of records (see nextBatch()); `break` closes the watcher. */
  async *batches(): AsyncGenerator<SignalInfo[], void, undefined> {
    try {
      for (;;) {
        const result = await this.nextBatch();
        if (result.done) return;
        yield result.value;
      }
    } finally {
      this.close();
    }
  }

  /** Called by `break` in `for await`: closes the watcher. */
  async return(): Promise<IteratorResult<SignalInfo>> {
    this.close();
    return DONE;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /**
   * Stops watching: pending next() calls resolve as done, and the signals this
   * watcher blocked are unblocked unless another watcher still holds them.
   * Signals still pending then meet their ordinary disposition. Idempotent.
   */
  close(): void {
    this.#close(undefined);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  /** A pending next() keeps the process alive (the default). */
  ref(): this {
    this.#state.referenced = true;
    if (!this.#state.closed) hub.updateFlow();
    return this;
  }

  /** A pending next() no longer keeps the process alive. */
  unref(): this {
    this.#state.referenced = false;
    if (!this.#state.closed) hub.updateFlow();
    return this;
  }

  #abort(): void {
    this.#close(this.#abortSignal!.reason);
  }

  #close(reason: unknown): void {
    const state = this.#state;
    if (state.closed) return;
    state.closed = true;
    this.#abortSignal?.removeEventListener('abort', this.#onAbort);
    abandoned.unregister(state);
    hub.unsubscribe(state);
    state.buffer.length = 0;
    state.head = 0;
    const waiters = state.waiters.splice(0);
    state.pinned = null;
    if (reason !== undefined && waiters.length === 0) state.failure = reason;
    for (const waiter of waiters) {
      if (reason === undefined) waiter.resolve(DONE);
      else waiter.reject(reason);
    }
  }
}

/**
 * Watches signals: blocks them in every thread and yields a record for each
 * one received, with its sender, code and payload.
 */
export function watch(signals: SignalSpec | Iterable<SignalSpec>, options: WatchOptions = {}): SignalWatcher {
  const validated = validateObject<WatchOptions>('options', options);
  if (validated.signal !== undefined && !(validated.signal instanceof AbortSignal)) {
    throw invalidArgType('options.signal', 'an instance of AbortSignal', validated.signal);
  }
  validated.signal?.throwIfAborted();
  const list = maskableSignals('signals', signals);
  if (list.length === 0) throw invalidArgValue('signals', signals, 'must name at least one signal');
  return new SignalWatcher(list, validated);
}

export interface OnceOptions {
  /** Milliseconds before rejecting with a DOMException named 'TimeoutError'. */
  timeout?: number;
  signal?: AbortSignal;
  allow?: AllowedSenders;
}

/** Resolves with the first of `signals` received; the mask is left as it was found. */
export async function once(signals: SignalSpec | Iterable<SignalSpec>, options: OnceOptions = {}): Promise<SignalInfo> {
  const validated = validateObject<OnceOptions>('options', options);
  const aborts: AbortSignal[] = [];
  if (validated.signal !== undefined) aborts.push(validated.signal);
  if (validated.timeout !== undefined) {
    aborts.push(AbortSignal.timeout(validateInteger('options.timeout', validated.timeout, 0, 2 ** 31 - 1)));
  }
  const watcher = watch(signals, {
    highWaterMark: 1,
    ...(validated.allow !== undefined && { allow: validated.allow }),
    ...(aborts.length > 0 && { signal: AbortSignal.any(aborts) }),
  });
  try {
    const result = await watcher.next();
    if (result.done) throw closedWatcher();
    return result.value;
  } finally {
    watcher.close();
  }
}
