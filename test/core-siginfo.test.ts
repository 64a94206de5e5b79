// decodeSiginfo and codeName on hand-built signalfd_siginfo records, laid out
// here from signalfd(2) independently of src/siginfo.ts.
import { describe, expect, test } from 'vitest';
import { codeName, decodeSiginfo, SIGINFO_SIZE, type SignalInfo } from '../dist/index.js';

type Kind = 'u16' | 'u32' | 'i32' | 'u64';
// struct signalfd_siginfo, field by field (offsets in bytes).
const LAYOUT: Array<[keyof SignalInfo, number, Kind]> = [
  ['signo', 0, 'u32'],
  ['errno', 4, 'i32'],
  ['code', 8, 'i32'],
  ['pid', 12, 'u32'],
  ['uid', 16, 'u32'],
  ['fd', 20, 'i32'],
  ['tid', 24, 'u32'],
  ['band', 28, 'u32'],
  ['overrun', 32, 'u32'],
  ['trapno', 36, 'u32'],
  ['status', 40, 'i32'],
  ['int', 44, 'i32'],
  ['ptr', 48, 'u64'],
  ['utime', 56, 'u64'],
  ['stime', 64, 'u64'],
  ['addr', 72, 'u64'],
  ['addrLsb', 80, 'u16'],
  ['syscall', 84, 'i32'],
  ['callAddr', 88, 'u64'],
  ['arch', 96, 'u32'],
];

function write(view: DataView, at: number, kind: Kind, value: number | bigint): void {
  if (kind === 'u16') view.setUint16(at, Number(value), true);
  else if (kind === 'u32') view.setUint32(at, Number(value), true);
  else if (kind === 'i32') view.setInt32(at, Number(value), true);
  else view.setBigUint64(at, BigInt(value), true);
}

/** One record with the given fields set, everything else zero. */
function record(fields: Partial<Record<keyof SignalInfo, number | bigint>>): Uint8Array {
  const bytes = new Uint8Array(SIGINFO_SIZE);
  const view = new DataView(bytes.buffer);
  for (const [name, at, kind] of LAYOUT) if (fields[name] !== undefined) write(view, at, kind, fields[name]!);
  return bytes;
}

function zeroOf(kind: Kind): number | bigint {
  return kind === 'u64' ? 0n : 0;
}

describe('decodeSiginfo', () => {
  test('is 128 bytes per record', () => {
    expect(SIGINFO_SIZE).toBe(128);
  });

  test.each(LAYOUT)('reads %s at offset %i (%s) and nothing else there', (name, _at, kind) => {
    const marker = { u16: 0xbeef, u32: 0xdeadbeef, i32: -123456789, u64: 0xfedcba9876543210n }[kind];
    const [decoded] = decodeSiginfo(record({ [name]: marker }));
    for (const [other, , otherKind] of LAYOUT) {
      expect({ field: other, value: decoded![other] }).toEqual({ field: other, value: other === name ? marker : zeroOf(otherKind) });
    }
  });

  test('decodes a full record: signed fields negative, unsigned ones above 2^31, 64-bit ones as bigint beyond 2^53', () => {
    const [info] = decodeSiginfo(
      record({
        signo: 17, errno: -5, code: 1, pid: 4_000_000, uid: 4_294_967_294, fd: -1, tid: 3_000_000_000, band: 2_500_000_000,
        overrun: 7, trapno: 14, status: -9, int: -2_147_483_648, ptr: 0xffff_ffff_ffff_ffffn, utime: 2n ** 53n + 1n,
        stime: 12n, addr: 0x7fff_0000_1234n, addrLsb: 12, syscall: -1, callAddr: 0x8000_0000_0000_0000n, arch: 0xc000_003e,
      }),
    );
    expect(info).toEqual({
      signal: 'SIGCHLD', codeName: 'CLD_EXITED',
      signo: 17, errno: -5, code: 1, pid: 4_000_000, uid: 4_294_967_294, fd: -1, tid: 3_000_000_000, band: 2_500_000_000,
      overrun: 7, trapno: 14, status: -9, int: -2_147_483_648, ptr: 0xffff_ffff_ffff_ffffn, utime: 2n ** 53n + 1n,
      stime: 12n, addr: 0x7fff_0000_1234n, addrLsb: 12, syscall: -1, callAddr: 0x8000_0000_0000_0000n, arch: 0xc000_003e,
    });
    for (const field of ['ptr', 'utime', 'stime', 'addr', 'callAddr'] as const) expect(typeof info![field]).toBe('bigint');
  });

  test('decodes several records in order, from a view that does not start at its buffer start', () => {
    const backing = new Uint8Array(16 + 3 * SIGINFO_SIZE);
    [record({ signo: 15, pid: 1 }), record({ signo: 36, code: -1, int: 5 }), record({ signo: 10, code: -6 })].forEach((one, index) =>
      backing.set(one, 16 + index * SIGINFO_SIZE),
    );
    const decoded = decodeSiginfo(backing.subarray(16));
    expect(decoded.map(({ signal, codeName, pid, int }) => ({ signal, codeName, pid, int }))).toEqual([
      { signal: 'SIGTERM', codeName: 'SI_USER', pid: 1, int: 0 },
      { signal: 'SIGRTMIN+2', codeName: 'SI_QUEUE', pid: 0, int: 5 },
      { signal: 'SIGUSR1', codeName: 'SI_TKILL', pid: 0, int: 0 },
    ]);
    expect(decodeSiginfo(Buffer.concat([record({ signo: 1 }), record({ signo: 2 })])).map((info) => info.signal)).toEqual(['SIGHUP', 'SIGINT']);
  });

  test('an empty buffer holds no records', () => {
    expect(decodeSiginfo(new Uint8Array(0))).toEqual([]);
  });

  test('a signal number with no name is labelled SIG<n>', () => {
    expect(decodeSiginfo(record({ signo: 32 }))[0]).toMatchObject({ signal: 'SIG32', signo: 32 });
  });

  test.each([1, 64, 127, 129, 255, 1000])('rejects %i bytes (not whole records) with ERR_INVALID_ARG_VALUE', (length) => {
    expect(() => decodeSiginfo(new Uint8Array(length))).toThrow(expect.objectContaining({ name: 'RangeError', code: 'ERR_INVALID_ARG_VALUE' }));
  });

  test.each([['an ArrayBuffer', new ArrayBuffer(128)], ['an array', new Array(128).fill(0)], ['a string', 'x'.repeat(128)], ['null', null], ['a DataView', new DataView(new ArrayBuffer(128))]])(
    'rejects %s with ERR_INVALID_ARG_TYPE',
    (_, value) => {
      expect(() => decodeSiginfo(value as never)).toThrow(expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }));
    },
  );
});

describe('codeName', () => {
  test.each([
    [0, 'SI_USER'],
    [0x80, 'SI_KERNEL'],
    [-1, 'SI_QUEUE'],
    [-2, 'SI_TIMER'],
    [-3, 'SI_MESGQ'],
    [-4, 'SI_ASYNCIO'],
    [-5, 'SI_SIGIO'],
    [-6, 'SI_TKILL'],
    [-7, 'SI_DETHREAD'],
    [-60, 'SI_ASYNCNL'],
  ])('general code %i is %s, whatever the signal', (code, name) => {
    for (const signo of [1, 11, 15, 17, 36]) expect(codeName(signo, code)).toBe(name);
  });

  test.each([
    [17, 'SIGCHLD', ['CLD_EXITED', 'CLD_KILLED', 'CLD_DUMPED', 'CLD_TRAPPED', 'CLD_STOPPED', 'CLD_CONTINUED']],
    [11, 'SIGSEGV', ['SEGV_MAPERR', 'SEGV_ACCERR', 'SEGV_BNDERR', 'SEGV_PKUERR', 'SEGV_ACCADI', 'SEGV_ADIDERR', 'SEGV_ADIPERR', 'SEGV_MTEAERR', 'SEGV_MTESERR', 'SEGV_CPERR']],
    [7, 'SIGBUS', ['BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR', 'BUS_MCEERR_AR', 'BUS_MCEERR_AO']],
    [4, 'SIGILL', ['ILL_ILLOPC', 'ILL_ILLOPN', 'ILL_ILLADR', 'ILL_ILLTRP', 'ILL_PRVOPC', 'ILL_PRVREG', 'ILL_COPROC', 'ILL_BADSTK', 'ILL_BADIADDR']],
    [8, 'SIGFPE', ['FPE_INTDIV', 'FPE_INTOVF', 'FPE_FLTDIV', 'FPE_FLTOVF', 'FPE_FLTUND', 'FPE_FLTRES', 'FPE_FLTINV', 'FPE_FLTSUB']],
    [5, 'SIGTRAP', ['TRAP_BRKPT', 'TRAP_TRACE', 'TRAP_BRANCH', 'TRAP_HWBKPT', 'TRAP_UNK', 'TRAP_PERF']],
    [29, 'SIGIO', ['POLL_IN', 'POLL_OUT', 'POLL_MSG', 'POLL_ERR', 'POLL_PRI', 'POLL_HUP']],
    [31, 'SIGSYS', ['SYS_SECCOMP', 'SYS_USER_DISPATCH']],
  ])('signal %i (%s): codes 1… are %j', (signo, _, names) => {
    names.forEach((name, index) => expect(codeName(signo, index + 1)).toBe(name));
    expect(codeName(signo, names.length + 1)).toBe(`SI_CODE(${names.length + 1})`);
  });

  test('SIGFPE codes 14 and 15 (after the ia64-only gap)', () => {
    expect(codeName(8, 14)).toBe('FPE_FLTUNK');
    expect(codeName(8, 15)).toBe('FPE_CONDTRAP');
    expect(codeName(8, 9)).toBe('SI_CODE(9)');
  });

  test('codes with no name are shown as SI_CODE(n)', () => {
    expect(codeName(15, 1)).toBe('SI_CODE(1)'); // SIGTERM has no codes of its own
    expect(codeName(17, -100)).toBe('SI_CODE(-100)');
    expect(codeName(32, 1)).toBe('SI_CODE(1)'); // no such signal
    expect(codeName(17, 0x81)).toBe('SI_CODE(129)');
  });
});
