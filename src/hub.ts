// One signal reader per JavaScript environment (main thread or worker): a
// single signalfd covering the union of every watcher's signals, polled in
// libuv's loop, fanned out to the watchers. SIGCHLD comes from the native
// relay thread instead (see sigchld_relay.h), and stragglers that reach an
// unblocked thread come through the safety-net pipe.
import { channel } from 'node:diagnostics_channel';
import { native, ReaderControl, type RecordReader, type RecordsCallback } from './binding.js';
import { underProfiler } from './errors.js';
import { underProf } from './mask.js';
import { decodeRecords, decodeSiginfo, SIGINFO_SIZE, type SignalInfo } from './siginfo.js';
import { SFD_CLOEXEC, SFD_NONBLOCK } from './signalfd.js';

export const SIGCHLD = 17;

/** Published for every record received, before filtering: `{ info, source }`. */
export const signalChannel = channel('signalfd:signal');

export type RecordSource = 'signalfd' | 'safetyNet';

/** What the hub needs from a watcher. */
export interface Subscriber {
  readonly signalNumbers: readonly number[];
  /** Watches a signal other than SIGCHLD (read from this thread's signalfd). */
  readonly readsSignalfd: boolean;
  readonly watchesChildren: boolean;
  /** Room left in its buffer. */
  capacity(): number;
  /** True when a pending next() should keep the process alive. */
  wantsRef(): boolean;
  deliver(info: SignalInfo, source: RecordSource): void;
  fail(error: Error): void;
}

// Every reader reads its batches into this one buffer, allocated on first use
// and kept: a batch is decoded before its callback returns and batches never
// overlap (they come from this thread's loop), so sharing is safe, and
// neither a batch nor a watch()/close() cycle allocates one. A full signalfd
// is drained over several callbacks of BATCH_RECORDS.
const BATCH_RECORDS = 256;
let batchBuffer: { records: Uint8Array; view: DataView } | null = null;

function sharedBatchBuffer(): { records: Uint8Array; view: DataView } {
  if (batchBuffer === null) {
    const records = new Uint8Array(BATCH_RECORDS * SIGINFO_SIZE);
    batchBuffer = { records, view: new DataView(records.buffer) };
  }
  return batchBuffer;
}

type BatchHandler = (error: Error | null, records: SignalInfo[]) => void;

/**
 * A native RecordReader and the control block it shares with us: we write
 * how many records it may read and whether it holds the loop, and native
 * code applies that after each batch (or at once through sync() when no
 * batch is under way), so a steady stream costs no call into native code.
 */
class ControlledReader {
  private readonly control = new Int32Array(ReaderControl.Length);
  private readonly reader: RecordReader;

  constructor(fd: number, onRecords: BatchHandler) {
    const { records, view } = sharedBatchBuffer();
    this.reader = new native.RecordReader(
      fd,
      (error, byteLength) => onRecords(error, error === null ? decodeRecords(view, byteLength!) : []),
      this.control,
      records,
    );
  }

  set(maxRecords: number, ref: boolean): void {
    const control = this.control;
    control[ReaderControl.MaxRecords] = maxRecords;
    control[ReaderControl.WantRef] = ref ? 1 : 0;
    if (
      control[ReaderControl.InBatch] === 0 &&
      (control[ReaderControl.Polling] !== (maxRecords > 0 ? 1 : 0) || control[ReaderControl.Refed] !== control[ReaderControl.WantRef])
    ) {
      this.reader.sync();
    }
  }

  close(): void {
    this.reader.close();
  }
}

const MAX_BATCH = 0x7fffffff;

class SignalHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly counts = new Map<number, number>();
  private signalFd = -1;
  private reader: ControlledReader | null = null;
  private safetyNet: ControlledReader | null = null;
  private sigchldSubscription: RecordsCallback | null = null;
  private sigchldRefed = true; // a fresh subscription holds the loop until told otherwise

  get fd(): number {
    return this.signalFd;
  }

  subscribe(subscriber: Subscriber): void {
    if (underProf()) throw underProfiler();
    this.safetyNet ??= this.openSafetyNet();
    try {
      native.hold([...subscriber.signalNumbers]);
    } catch (error) {
      if (this.subscribers.size === 0) this.closeSafetyNet();
      throw error;
    }
    try {
      for (const signo of subscriber.signalNumbers) this.counts.set(signo, (this.counts.get(signo) ?? 0) + 1);
      this.subscribers.add(subscriber);
      this.updateSources();
    } catch (error) {
      this.unsubscribe(subscriber);
      throw error;
    }
  }

  unsubscribe(subscriber: Subscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    for (const signo of subscriber.signalNumbers) {
      const left = (this.counts.get(signo) ?? 1) - 1;
      if (left === 0) this.counts.delete(signo);
      else this.counts.set(signo, left);
    }
    // Stop reading a signal before unblocking it, so a pending instance meets
    // its ordinary disposition instead of a closed reader.
    this.updateSources();
    native.release([...subscriber.signalNumbers]);
    if (this.subscribers.size === 0) this.closeSafetyNet();
  }

  /** Re-evaluates reading limits and refs after any watcher's state changed. */
  updateFlow(): void {
    let room = MAX_BATCH;
    let readers = 0;
    let ref = false;
    let refChild = false;
    for (const subscriber of this.subscribers) {
      const wantsRef = subscriber.wantsRef();
      if (subscriber.readsSignalfd) {
        readers++;
        room = Math.min(room, subscriber.capacity());
        ref ||= wantsRef;
      }
      if (subscriber.watchesChildren) refChild ||= wantsRef;
    }
    if (readers === 0) room = 0;
    // A full watcher pauses reading: further signals stay pending in the
    // kernel (real-time ones queued), nothing is dropped.
    this.reader?.set(room, ref);
    this.safetyNet?.set(room, false);
    if (this.sigchldSubscription !== null && refChild !== this.sigchldRefed) {
      native.refSigchld(refChild);
      this.sigchldRefed = refChild;
    }
  }

  private openSafetyNet(): ControlledReader {
    return new ControlledReader(native.openSafetyNet(), (error, records) => this.dispatch(error, records, 'safetyNet'));
  }

  private closeSafetyNet(): void {
    native.closeSafetyNet();
    this.safetyNet?.close();
    this.safetyNet = null;
  }

  private updateSources(): void {
    const watched = [...this.counts.keys()].filter((signo) => signo !== SIGCHLD);
    if (watched.length > 0) {
      const fd = native.signalfd(this.signalFd, watched, SFD_NONBLOCK | SFD_CLOEXEC);
      if (this.reader === null) {
        this.signalFd = fd;
        this.reader = new ControlledReader(fd, (error, records) => this.dispatch(error, records, 'signalfd'));
      }
    } else if (this.reader !== null) {
      this.reader.close();
      this.reader = null;
      this.signalFd = -1;
    }
    const wantsChildren = this.counts.has(SIGCHLD);
    if (wantsChildren && this.sigchldSubscription === null) {
      // Batches still queued for an ended subscription are dropped: they
      // belong to watchers that are closed, not to ones opened since.
      const subscription: RecordsCallback = (error, records) => {
        if (this.sigchldSubscription === subscription) {
          this.dispatch(error, error === null ? decodeSiginfo(records!) : [], 'signalfd');
        }
      };
      native.subscribeSigchld(subscription);
      this.sigchldSubscription = subscription;
      this.sigchldRefed = true;
    } else if (!wantsChildren && this.sigchldSubscription !== null) {
      native.unsubscribeSigchld();
      this.sigchldSubscription = null;
    }
    this.updateFlow();
  }

  private dispatch(error: Error | null, records: SignalInfo[], source: RecordSource): void {
    if (error !== null) {
      for (const subscriber of [...this.subscribers]) subscriber.fail(error);
      return;
    }
    const publish = signalChannel.hasSubscribers;
    for (const info of records) {
      if (publish) signalChannel.publish({ info, source });
      for (const subscriber of this.subscribers) {
        if (subscriber.signalNumbers.includes(info.signo)) subscriber.deliver(info, source);
      }
    }
    this.updateFlow();
  }
}

/** This environment's hub (each worker loads its own copy of this module). */
export const hub = new SignalHub();
