// The only module that touches native code: loads the addon (a prebuild that
// fits, else the local build) and types its interface. Arguments reaching it
// are already validated; signal sets travel as arrays of numbers.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

if (process.platform !== 'linux') {
  throw new Error(
    `signalfd is Linux-only: it wraps Linux's signalfd(2) and per-thread signal masks, ` +
      `and this is ${process.platform}.`,
  );
}

export type RecordsCallback = (error: Error | null, records: Buffer | null) => void;
/** A RecordReader's batch: `byteLength` bytes at the start of its records buffer. */
export type BatchCallback = (error: Error | null, byteLength: number | null) => void;

/** Slots of a RecordReader's control block (an Int32Array shared with native code). */
export const ReaderControl = {
  /** Written by JS: most records the next batch may hold; 0 pauses reading. */
  MaxRecords: 0,
  /** Written by JS: 1 while the handle should keep the event loop alive. */
  WantRef: 1,
  /** Written by native code: 1 while a batch is delivered; it applies the block right after. */
  InBatch: 2,
  /** Written by native code: what is applied now. */
  Polling: 3,
  Refed: 4,
  Length: 5,
} as const;

export interface RecordReader {
  /** Applies the control block now (outside a batch, nothing else would). */
  sync(): void;
  /** Stops polling, closes the libuv handle and the fd. Idempotent. */
  close(): void;
}

export interface NativeBinding {
  limits(): { SIGRTMIN: number; SIGRTMAX: number };
  broadcastSignal(): number;
  selectBroadcastSignal(signo: number): number;
  setProcessMask(block: number[], unblock: number[]): number[];
  setThreadMask(how: number, signals: number[]): number[];
  threadMask(): number[];
  pending(): number[];
  sigqueue(pid: number, signo: number, value: number): void;
  tgkill(tgid: number, tid: number, signo: number): void;
  gettid(): number;
  signalfd(fd: number, signals: number[], flags: number): number;
  readRecords(fd: number, max: number): Buffer;
  /** waitpid(pid, WNOHANG): the raw wait status, or null while the child runs. */
  waitpid(pid: number): number | null;
  sigtimedwait(signals: number[], timeoutMs: number): Buffer | null;
  setChildSubreaper(on: boolean): void;
  isChildSubreaper(): boolean;
  /** prctl(PR_SET_PDEATHSIG); 0 clears. */
  setParentDeathSignal(signo: number): void;
  hold(signals: number[]): void;
  release(signals: number[]): void;
  openSafetyNet(): number;
  closeSafetyNet(): void;
  subscribeSigchld(onRecords: RecordsCallback): void;
  refSigchld(ref: boolean): void;
  unsubscribeSigchld(): void;
  RecordReader: new (fd: number, onBatch: BatchCallback, control: Int32Array, records: Uint8Array) => RecordReader;
}

const require = createRequire(import.meta.url);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export const native: NativeBinding = require('node-gyp-build')(packageRoot);
/** Folder of the loaded addon: the helper programs binding.gyp builds (signalfd-exec) sit beside it. */
export const nativeDirectory: string = dirname(require('node-gyp-build').resolve(packageRoot));
