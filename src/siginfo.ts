// Decodes signalfd_siginfo records (128 bytes each, see signalfd(2)). Pure
// TypeScript: no native code, so it is tested on hand-built bytes.
import { invalidArgType, invalidArgValue } from './errors.js';
import { signalName, type SignalName } from './signals.js';

export const SIGINFO_SIZE = 128;

/** One received signal: every signalfd_siginfo field without its ssi_ prefix. */
export interface SignalInfo {
  signal: SignalName;
  /** Symbolic si_code: 'SI_USER', 'SI_QUEUE', 'SI_TKILL', 'CLD_EXITED', … */
  codeName: string;
  signo: number;
  errno: number;
  code: number;
  /** Sender's pid (or the child's, for SIGCHLD). */
  pid: number;
  /** Sender's real uid. */
  uid: number;
  fd: number;
  /** Kernel timer id (POSIX timers). */
  tid: number;
  band: number;
  overrun: number;
  trapno: number;
  /** SIGCHLD: exit code (CLD_EXITED) or signal number (CLD_KILLED, CLD_DUMPED, CLD_STOPPED). */
  status: number;
  /** sigqueue payload (sival_int). */
  int: number;
  ptr: bigint;
  /** SIGCHLD: child's user and system CPU time, in clock ticks. */
  utime: bigint;
  stime: bigint;
  addr: bigint;
  addrLsb: number;
  syscall: number;
  callAddr: bigint;
  arch: number;
}

const GENERAL_CODES: Record<number, string> = {
  0: 'SI_USER',
  0x80: 'SI_KERNEL',
  [-1]: 'SI_QUEUE',
  [-2]: 'SI_TIMER',
  [-3]: 'SI_MESGQ',
  [-4]: 'SI_ASYNCIO',
  [-5]: 'SI_SIGIO',
  [-6]: 'SI_TKILL',
  [-7]: 'SI_DETHREAD',
  [-60]: 'SI_ASYNCNL',
};

function numbered(prefix: string, names: string[]): Record<number, string> {
  return Object.fromEntries(names.map((name, index) => [index + 1, `${prefix}_${name}`]));
}

// Codes above zero mean different things per signal (asm-generic/siginfo.h).
const SIGNAL_CODES: Record<string, Record<number, string>> = {
  SIGCHLD: numbered('CLD', ['EXITED', 'KILLED', 'DUMPED', 'TRAPPED', 'STOPPED', 'CONTINUED']),
  SIGSEGV: numbered('SEGV', ['MAPERR', 'ACCERR', 'BNDERR', 'PKUERR', 'ACCADI', 'ADIDERR', 'ADIPERR', 'MTEAERR', 'MTESERR', 'CPERR']),
  SIGBUS: numbered('BUS', ['ADRALN', 'ADRERR', 'OBJERR', 'MCEERR_AR', 'MCEERR_AO']),
  SIGILL: numbered('ILL', ['ILLOPC', 'ILLOPN', 'ILLADR', 'ILLTRP', 'PRVOPC', 'PRVREG', 'COPROC', 'BADSTK', 'BADIADDR']),
  SIGFPE: { ...numbered('FPE', ['INTDIV', 'INTOVF', 'FLTDIV', 'FLTOVF', 'FLTUND', 'FLTRES', 'FLTINV', 'FLTSUB']), 14: 'FPE_FLTUNK', 15: 'FPE_CONDTRAP' },
  SIGTRAP: numbered('TRAP', ['BRKPT', 'TRACE', 'BRANCH', 'HWBKPT', 'UNK', 'PERF']),
  SIGIO: numbered('POLL', ['IN', 'OUT', 'MSG', 'ERR', 'PRI', 'HUP']),
  SIGSYS: numbered('SYS', ['SECCOMP', 'USER_DISPATCH']),
};

// Names are built once per (signal, code) seen: decoding runs per record.
const codeNames = new Map<number, string>();

/** Symbolic name of an si_code for a signal, like 'SI_QUEUE' or 'CLD_KILLED'. */
export function codeName(signo: number, code: number): string {
  const cacheable =
    Number.isInteger(signo) && Number.isInteger(code) && signo >= 0 && signo < 256 && code >= -256 && code < 256;
  if (!cacheable) return lookUpCodeName(signo, code);
  const key = signo * 512 + code + 256;
  let name = codeNames.get(key);
  if (name === undefined) codeNames.set(key, (name = lookUpCodeName(signo, code)));
  return name;
}

function lookUpCodeName(signo: number, code: number): string {
  if (code <= 0 || code === 0x80) return GENERAL_CODES[code] ?? `SI_CODE(${code})`;
  let signal: string;
  try {
    signal = signalName(signo);
  } catch {
    return `SI_CODE(${code})`;
  }
  return SIGNAL_CODES[signal]?.[code] ?? `SI_CODE(${code})`;
}

const signalLabels: SignalName[] = [];

function signalLabel(signo: number): SignalName {
  let label = signalLabels[signo];
  if (label === undefined) {
    try {
      label = signalName(signo);
    } catch {
      label = `SIG${signo}`;
    }
    if (signo < 128) signalLabels[signo] = label;
  }
  return label;
}

// Most 64-bit fields are zero for most signals: no BigInt to allocate then.
function uint64(view: DataView, at: number): bigint {
  return (view.getUint32(at, true) | view.getUint32(at + 4, true)) === 0 ? 0n : view.getBigUint64(at, true);
}

function decodeOne(view: DataView, at: number): SignalInfo {
  const signo = view.getUint32(at, true);
  const code = view.getInt32(at + 8, true);
  return {
    signal: signalLabel(signo),
    codeName: codeName(signo, code),
    signo,
    errno: view.getInt32(at + 4, true),
    code,
    pid: view.getUint32(at + 12, true),
    uid: view.getUint32(at + 16, true),
    fd: view.getInt32(at + 20, true),
    tid: view.getUint32(at + 24, true),
    band: view.getUint32(at + 28, true),
    overrun: view.getUint32(at + 32, true),
    trapno: view.getUint32(at + 36, true),
    status: view.getInt32(at + 40, true),
    int: view.getInt32(at + 44, true),
    ptr: uint64(view, at + 48),
    utime: uint64(view, at + 56),
    stime: uint64(view, at + 64),
    addr: uint64(view, at + 72),
    addrLsb: view.getUint16(at + 80, true),
    syscall: view.getInt32(at + 84, true),
    callAddr: uint64(view, at + 88),
    arch: view.getUint32(at + 96, true),
  };
}

/** Decodes one or more 128-byte signalfd_siginfo records (Linux is little-endian on x64 and arm64). */
export function decodeSiginfo(bytes: Uint8Array): SignalInfo[] {
  if (!(bytes instanceof Uint8Array)) throw invalidArgType('bytes', 'an instance of Uint8Array or Buffer', bytes);
  if (bytes.byteLength % SIGINFO_SIZE !== 0) {
    throw invalidArgValue('bytes', `${bytes.byteLength} bytes`, `must hold whole ${SIGINFO_SIZE}-byte records`);
  }
  return decodeRecords(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength);
}

/** Decodes the first `byteLength` bytes of `view`, already validated. */
export function decodeRecords(view: DataView, byteLength: number): SignalInfo[] {
  const records: SignalInfo[] = [];
  for (let at = 0; at < byteLength; at += SIGINFO_SIZE) records.push(decodeOne(view, at));
  return records;
}
