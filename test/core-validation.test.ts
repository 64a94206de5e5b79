// Every refused signal and malformed argument of the core API throws the
// Node-style error class and code, before anything changes; syscall failures
// carry code/errno/syscall like Node's own. Nothing here delivers a signal.
import { closeSync, openSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  broadcastSignal,
  getSigmask,
  gettid,
  pthreadSigmask,
  readSiginfo,
  setBroadcastSignal,
  SFD_CLOEXEC,
  SFD_NONBLOCK,
  signalfd,
  signalName,
  signalNumber,
  sigprocmask,
  sigqueue,
  sigtimedwait,
  tgkill,
} from '../dist/index.js';

type Expected = { name: 'TypeError' | 'RangeError' | 'Error'; code: string };
const TYPE: Expected = { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' };
const VALUE: Expected = { name: 'RangeError', code: 'ERR_INVALID_ARG_VALUE' };
const RANGE: Expected = { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' };
const UNKNOWN: Expected = { name: 'TypeError', code: 'ERR_UNKNOWN_SIGNAL' };

function thrown(call: () => unknown): Error & { code?: string } {
  try {
    call();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('did not throw');
}

function expectError(call: () => unknown, expected: Expected): Error & { code?: string } {
  const error = thrown(call);
  expect({ name: error.name, code: error.code, isError: error instanceof Error }).toEqual({ ...expected, isError: true });
  return error;
}

// Reads nothing and never blocks, should a bad max get through.
const devNull = openSync('/dev/null', 'r');

// The pid no process can have: the kernel's largest pid_max is 2^22, so pids stay below it.
const NO_SUCH_PID = 2 ** 22;

describe('signal specs', () => {
  test.each([
    ['SIGFOO', UNKNOWN],
    ['FOO', UNKNOWN],
    ['', UNKNOWN],
    ['SIG', UNKNOWN],
    ['+15', UNKNOWN],
    ['15.0', UNKNOWN],
    ['SIGRTMIN+', UNKNOWN],
    ['SIGRTMIN-1', VALUE],
    ['SIGRTMAX+1', VALUE],
    ['SIGRTMIN+31', VALUE],
    ['SIGRTMAX-31', VALUE],
    ['32', VALUE],
    [32, VALUE],
    [33, VALUE],
    [0, UNKNOWN],
    [-1, UNKNOWN],
    [65, UNKNOWN],
    [1.5, UNKNOWN],
    [Number.NaN, UNKNOWN],
    [Number.POSITIVE_INFINITY, UNKNOWN],
    [null, TYPE],
    [undefined, TYPE],
    [true, TYPE],
    [15n, TYPE],
    [{}, TYPE],
  ])('signalNumber(%o) throws %o', (spec, expected) => {
    expectError(() => signalNumber(spec as never), expected);
  });

  test('the messages say what was wrong', () => {
    expect(thrown(() => signalNumber('SIGFOO')).message).toBe('Unknown signal: SIGFOO');
    expect(thrown(() => signalNumber(32)).message).toContain('reserved by the C library');
    expect(thrown(() => signalNumber('SIGRTMAX+1')).message).toContain('outside SIGRTMIN (34) … SIGRTMAX (64)');
    expect(thrown(() => signalNumber(null as never)).message).toBe('The "signal" argument must be of type string or number. Received null');
  });

  test.each([
    ['15', TYPE],
    [null, TYPE],
    [0, UNKNOWN],
    [32, UNKNOWN],
    [65, UNKNOWN],
    [2.5, UNKNOWN],
  ])('signalName(%o) throws %o', (signo, expected) => {
    expectError(() => signalName(signo as never), expected);
  });
});

describe('signal sets for masks, signalfd and sigtimedwait', () => {
  const refused = ['SIGKILL', 'SIGSTOP', 'SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL', 9, 19, 11];
  const malformed: Array<[unknown, Expected]> = [
    [null, TYPE],
    [undefined, TYPE],
    [{}, TYPE],
    [true, TYPE],
    [[null], TYPE],
    [[{}], TYPE],
    ['SIGFOO', UNKNOWN],
    [['SIGTERM', 'SIGFOO'], UNKNOWN],
    [32, VALUE],
    [['SIGTERM', 33], VALUE],
    ['SIGRTMIN-1', VALUE],
  ];
  const users: Array<[string, (signals: unknown) => unknown]> = [
    ['sigprocmask', (signals) => sigprocmask('block', signals as never)],
    ['pthreadSigmask', (signals) => pthreadSigmask('block', signals as never)],
    ['signalfd', (signals) => signalfd(-1, signals as never)],
    ['sigtimedwait', (signals) => sigtimedwait(signals as never, 0)],
  ];

  describe.each(users)('%s', (_, use) => {
    test.each(refused)('refuses %s with ERR_INVALID_ARG_VALUE, changing nothing', (signal) => {
      const before = getSigmask();
      expectError(() => use(['SIGTERM', signal]), VALUE);
      expectError(() => use(new Set(['SIGHUP', signal])), VALUE);
      expect(getSigmask()).toEqual(before);
    });

    test('refuses the broadcast signal', () => {
      const error = expectError(() => use([broadcastSignal()]), VALUE);
      expect(error.message).toContain('change every thread');
    });

    test.each(malformed)('refuses %o', (signals, expected) => {
      expectError(() => use(signals), expected);
    });
  });

  test('the reasons are in the messages', () => {
    expect(thrown(() => sigprocmask('block', 'SIGKILL')).message).toContain('cannot be blocked, caught or read');
    expect(thrown(() => sigprocmask('block', 'SIGSEGV')).message).toContain('synchronous fault signal');
  });
});

describe('how', () => {
  test.each([
    ['BLOCK', VALUE],
    ['foo', VALUE],
    ['', VALUE],
    [3, VALUE],
    [-1, VALUE],
    [0.5, VALUE],
    [null, TYPE],
    [undefined, TYPE],
    [{}, TYPE],
  ])('%o is refused by sigprocmask and pthreadSigmask', (how, expected) => {
    const before = getSigmask();
    expectError(() => sigprocmask(how as never, 'SIGTERM'), expected);
    expectError(() => pthreadSigmask(how as never, 'SIGTERM'), expected);
    expect(getSigmask()).toEqual(before);
  });
});

describe('integers', () => {
  test.each([
    ['pid', (value: unknown) => sigqueue(value as never, 0), [['1', TYPE], [null, TYPE], [1.5, RANGE], [Number.NaN, RANGE], [0, RANGE], [-1, RANGE], [2 ** 22 + 1, RANGE]]],
    ['value', (value: unknown) => sigqueue(process.pid, 0, value as never), [['1', TYPE], [1n, TYPE], [0.5, RANGE], [2 ** 31, RANGE], [-(2 ** 31) - 1, RANGE]]],
    ['tgid', (value: unknown) => tgkill(value as never, gettid(), 0), [['1', TYPE], [0, RANGE], [-5, RANGE], [2 ** 22 + 1, RANGE], [1.5, RANGE]]],
    ['tid', (value: unknown) => tgkill(process.pid, value as never, 0), [['1', TYPE], [0, RANGE], [-5, RANGE], [2 ** 22 + 1, RANGE]]],
    ['signalfd fd', (value: unknown) => signalfd(value as never, 'SIGUSR2'), [['-1', TYPE], [null, TYPE], [-2, RANGE], [0.5, RANGE], [2 ** 31, RANGE]]],
    ['signalfd flags', (value: unknown) => signalfd(-1, 'SIGUSR2', value as never), [['0', TYPE], [-1, RANGE], [1, RANGE], [SFD_NONBLOCK | 1, RANGE], [0o100, RANGE], [1.5, RANGE]]],
    ['readSiginfo fd', (value: unknown) => readSiginfo(value as never), [['0', TYPE], [-1, RANGE], [1.5, RANGE]]],
    ['readSiginfo max', (value: unknown) => readSiginfo(devNull, value as never), [['1', TYPE], [0, RANGE], [4097, RANGE], [1.5, RANGE]]],
    ['sigtimedwait timeoutMs', (value: unknown) => sigtimedwait('SIGUSR2', value as never), [['5', TYPE], [null, TYPE], [-1, RANGE], [Number.NaN, RANGE], [Number.POSITIVE_INFINITY, RANGE], [2 ** 31, RANGE], [1e13, RANGE]]],
  ] as Array<[string, (value: unknown) => unknown, Array<[unknown, Expected]>]>)('%s', (_, call, cases) => {
    for (const [value, expected] of cases) expectError(() => call(value), expected);
  });

  test('messages name the argument and the range', () => {
    expect(thrown(() => sigqueue('1' as never, 0)).message).toBe(`The "pid" argument must be of type number. Received type string ('1')`);
    expect(thrown(() => sigqueue(process.pid, 0, 2 ** 31)).message).toBe(
      'The value of "value" is out of range. It must be >= -2147483648 && <= 2147483647. Received 2147483648',
    );
    expect(thrown(() => signalfd(-1, 'SIGUSR2', 1)).message).toContain('a combination of SFD_CLOEXEC and SFD_NONBLOCK');
    expect(thrown(() => sigqueue(1n as never, 0)).message).toBe('The "pid" argument must be of type number. Received type bigint (1n)');
  });
});

describe('setBroadcastSignal', () => {
  test.each([
    ['SIGTERM', VALUE],
    ['SIGRTMIN', VALUE],
    ['SIGRTMAX', VALUE],
    ['SIGRTMAX+1', VALUE],
    ['SIGFOO', UNKNOWN],
    [null, TYPE],
  ])('refuses %o', (spec, expected) => {
    expectError(() => setBroadcastSignal(spec as never), expected);
  });
});

describe('syscall failures look like Node system errors', () => {
  test('sigqueue to a pid that does not exist: ESRCH', () => {
    const error = expectError(() => sigqueue(NO_SUCH_PID, 'SIGUSR2', 1), { name: 'Error', code: 'ESRCH' }) as Error & { errno: number; syscall: string };
    expect(error).toMatchObject({ errno: -3, syscall: 'sigqueue', message: 'ESRCH: no such process, sigqueue' });
  });

  test('tgkill to a thread that is not in that process: ESRCH', () => {
    expect(thrown(() => tgkill(process.pid, NO_SUCH_PID, 0))).toMatchObject({ code: 'ESRCH', errno: -3, syscall: 'tgkill' });
  });

  test('signal 0 probes: sigqueue and tgkill to ourselves succeed and send nothing', () => {
    expect(sigqueue(process.pid, 0)).toBeUndefined();
    expect(tgkill(process.pid, gettid(), 0)).toBeUndefined();
  });

  test('signalfd on an fd that is not a signalfd: EINVAL; on a closed fd: EBADF', () => {
    const fd = openSync(new URL(import.meta.url), 'r');
    try {
      expect(thrown(() => signalfd(fd, 'SIGUSR2'))).toMatchObject({ code: 'EINVAL', errno: -22, syscall: 'signalfd' });
    } finally {
      closeSync(fd);
    }
    expect(thrown(() => signalfd(fd, 'SIGUSR2', SFD_CLOEXEC))).toMatchObject({ code: 'EBADF', errno: -9, syscall: 'signalfd' });
  });

  test('readSiginfo on a closed fd: EBADF from read', () => {
    const fd = openSync(new URL(import.meta.url), 'r');
    closeSync(fd);
    expect(thrown(() => readSiginfo(fd))).toMatchObject({ code: 'EBADF', errno: -9, syscall: 'read' });
  });
});
