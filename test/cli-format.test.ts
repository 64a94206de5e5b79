// What watch and mask print, on hand-made records and masks: the cases a
// test cannot easily make a real process produce (a child's exit for SIGCHLD,
// kernel timers) and the short forms of long signal sets.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { SignalInfo } from '../dist/index.js';
import { formatJson, formatLine } from '../dist/cli/record_format.js';
import { describeSignals, maskSignals } from '../dist/cli/signal_sets.js';

function record(fields: Partial<SignalInfo>): SignalInfo {
  return {
    signal: 'SIGCHLD', codeName: 'CLD_EXITED', signo: 17, errno: 0, code: 1, pid: 0, uid: 0, fd: 0, tid: 0, band: 0,
    overrun: 0, trapno: 0, status: 0, int: 0, ptr: 0n, utime: 0n, stime: 0n, addr: 0n, addrLsb: 0, syscall: 0, callAddr: 0n, arch: 0,
    ...fields,
  };
}

const time = new Date(2026, 10, 27, 9, 5, 3, 7);

function line(fields: Partial<SignalInfo>, comm: string | null = null): string {
  return stripVTControlCharacters(formatLine({ info: record(fields), time, comm }));
}

describe('watch lines', () => {
  it.each<[Partial<SignalInfo>, string | null, string]>([
    [{ codeName: 'CLD_EXITED', pid: 321, uid: 1000, status: 3 }, 'sh', 'CLD_EXITED  child pid 321 (sh) exited with status 3, uid 1000'],
    [{ codeName: 'CLD_KILLED', code: 2, pid: 321, status: 9 }, null, 'CLD_KILLED  child pid 321 killed by SIGKILL, uid 0'],
    [{ codeName: 'CLD_DUMPED', code: 3, pid: 321, status: 11 }, null, 'CLD_DUMPED  child pid 321 killed by SIGSEGV (core dumped), uid 0'],
    [{ codeName: 'CLD_STOPPED', code: 5, pid: 321, status: 19 }, null, 'CLD_STOPPED  child pid 321 stopped by SIGSTOP, uid 0'],
    [{ codeName: 'CLD_CONTINUED', code: 6, pid: 321, status: 18 }, null, 'CLD_CONTINUED  child pid 321 continued, uid 0'],
  ])('SIGCHLD %j', (fields, comm, expected) => {
    expect(line(fields, comm)).toBe(`09:05:03.007  SIGCHLD      17  ${expected}`);
  });

  it('real-time signals from sigqueue show the payload; other codes what they have', () => {
    const queued = { signal: 'SIGRTMAX-14', signo: 50, codeName: 'SI_QUEUE', code: -1, pid: 42, uid: 7, int: -5 };
    expect(line(queued, 'node')).toBe('09:05:03.007  SIGRTMAX-14  50  SI_QUEUE    from pid 42 (node), uid 7, value -5');
    expect(line({ ...queued, codeName: 'SI_USER', code: 0 })).toBe('09:05:03.007  SIGRTMAX-14  50  SI_USER     from pid 42, uid 7');
    expect(line({ signal: 'SIGALRM', signo: 14, codeName: 'SI_TIMER', code: -2 })).toBe('09:05:03.007  SIGALRM      14  SI_TIMER');
  });

  it('JSON: every record field, 64-bit ones as decimal strings, then comm and time', () => {
    const info = record({ pid: 5, utime: 2n ** 63n });
    const parsed = JSON.parse(formatJson({ info, time, comm: 'x' })) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...Object.keys(info), 'comm', 'time']);
    expect(parsed).toMatchObject({ utime: '9223372036854775808', ptr: '0', pid: 5, comm: 'x', time: time.toISOString() });
  });
});

describe('signal sets', () => {
  it('decodes /proc masks: bit n-1 is signal n', () => {
    expect(maskSignals(0x0000000000000a00n)).toEqual([10, 12]);
    expect(maskSignals(0xfffffffe7ffbfeffn)).toHaveLength(60);
  });

  it.each<[bigint, string]>([
    [0n, 'none'],
    [0xa00n, 'SIGUSR1 SIGUSR2'],
    [0xfffffffe00000000n, 'SIGRTMIN..SIGRTMAX'],
    [0xfffffffa00004a01n, 'SIGHUP SIGUSR1 SIGUSR2 SIGTERM SIGRTMIN SIGRTMIN+2..SIGRTMAX'],
    [0xffffffffffffffffn, 'all'],
    [0xfffffffe7ffbfeffn, 'all except SIGKILL SIGSTOP SIG32 SIG33'],
    [0x0000000300000000n, 'SIG33 SIGRTMIN'],
  ])('%s → %s', (mask, expected) => {
    expect(describeSignals(maskSignals(mask))).toBe(expected);
  });
});
