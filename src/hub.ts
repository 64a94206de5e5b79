// One signal reader per JavaScript environment (main thread or worker): a
// single signalfd covering the union of every watcher's signals, polled in
// libuv's loop, fanned out to the watchers. SIGCHLD comes from the native
// relay thread instead (see sigchld_relay.h), and stragglers that reach an
// unblocked thread come through the safety-net pipe.
import { channel } from 'node:diagnostics_channel';
import { native, type RecordReader } from './binding.js';
import { underProfiler } from './errors.js';
import { underProf } from './mask.js';
import { decodeSiginfo, type SignalInfo } from './siginfo.js';
import { SFD_CLOEXEC, SFD_NONBLOCK } from './signalfd.js';

const SIGCHLD = 17;

/** Published for every record received, before filtering: `{ info, source }`. */
export const signalChannel = channel('signalfd:signal');

export type RecordSource = 'signalfd' | 'safetyNet';

/** What the hub needs from a watcher. */
export interface Subscriber {
  readonly signalNumbers: readonly number[];
  /** Room left in its buffer. */
  capacity(): number;
  /** True when a pending next() should keep the process alive. */
  wantsRef(): boolean;
  deliver(info: SignalInfo, source: RecordSource): void;
  fail(error: Error): void;
}

class SignalHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly counts = new Map<number, number>();
  private signalFd = -1;
  private reader: RecordReader | null = null;
  private safetyNet: RecordReader | null = null;
  private sigchldSubscribed = false;

  get fd(): number {
    return this.signalFd;
  }

  subscribe(subscriber: Subscriber): void {
    if (underProf()) throw underProfiler();
    this.safetyNet ??= this.openSafetyNet();
    native.hold([...subscriber.signalNumbers]);
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
    if (this.subscribers.size === 0) this.closeAll();
  }

  /** Re-evaluates polling limits and refs after any watcher's state changed. */
  updateFlow(): void {
    let room = Infinity;
    let ref = false;
    let refChild = false;
    for (const subscriber of this.subscribers) {
      const wantsRef = subscriber.wantsRef();
      if (subscriber.signalNumbers.some((signo) => signo !== SIGCHLD)) {
        room = Math.min(room, subscriber.capacity());
        ref ||= wantsRef;
      }
      if (subscriber.signalNumbers.includes(SIGCHLD)) refChild ||= wantsRef;
    }
    // A full watcher pauses reading: further signals stay pending in the
    // kernel (real-time ones queued), nothing is dropped.
    for (const reader of [this.reader, this.safetyNet]) {
      if (reader === null) continue;
      if (room > 0 && room !== Infinity) reader.start(Math.min(room, 0xffffffff));
      else reader.stop();
    }
    if (this.reader !== null) {
      if (ref) this.reader.ref();
      else this.reader.unref();
    }
    if (this.sigchldSubscribed) native.refSigchld(refChild);
  }

  private openSafetyNet(): RecordReader {
    const reader = new native.RecordReader(native.openSafetyNet(), (error, records) =>
      this.dispatch(error, records, 'safetyNet'),
    );
    reader.unref();
    return reader;
  }

  private updateSources(): void {
    const watched = [...this.counts.keys()].filter((signo) => signo !== SIGCHLD);
    if (watched.length > 0) {
      const fd = native.signalfd(this.signalFd, watched, SFD_NONBLOCK | SFD_CLOEXEC);
      if (this.reader === null) {
        this.signalFd = fd;
        this.reader = new native.RecordReader(fd, (error, records) => this.dispatch(error, records, 'signalfd'));
      }
    } else if (this.reader !== null) {
      this.reader.close();
      this.reader = null;
      this.signalFd = -1;
    }
    const wantsChild = this.counts.has(SIGCHLD);
    if (wantsChild && !this.sigchldSubscribed) {
      native.subscribeSigchld((error, records) => this.dispatch(error, records, 'signalfd'));
    } else if (!wantsChild && this.sigchldSubscribed) {
      native.unsubscribeSigchld();
    }
    this.sigchldSubscribed = wantsChild;
    this.updateFlow();
  }

  private dispatch(error: Error | null, records: Buffer | null, source: RecordSource): void {
    if (error !== null) {
      for (const subscriber of [...this.subscribers]) subscriber.fail(error);
      return;
    }
    for (const info of decodeSiginfo(records!)) {
      if (signalChannel.hasSubscribers) signalChannel.publish({ info, source });
      for (const subscriber of this.subscribers) {
        if (subscriber.signalNumbers.includes(info.signo)) subscriber.deliver(info, source);
      }
    }
    this.updateFlow();
  }

  private closeAll(): void {
    native.closeSafetyNet();
    this.safetyNet?.close();
    this.safetyNet = null;
  }
}

/** This environment's hub (each worker loads its own copy of this module). */
export const hub = new SignalHub();
