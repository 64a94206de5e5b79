// signalfd(): what the kernel says the fd is (fdinfo), changing an existing
// fd's signals, and blocking reads.
import { readFile } from 'node:fs/promises';
import { expect, test } from 'vitest';
import { bit, runFixture } from './helpers.js';

const O_NONBLOCK = 0o4000;
const O_CLOEXEC = 0o2000000;
// read(2) in /proc/PID/syscall: 0 on x86-64, 63 on arm64 (also when an arm64
// Node runs under qemu-user on x86-64, which shows the host's syscall).
const READ_SYSCALLS = '(?:0|63)';

interface FdInfo {
  flags: string;
  sigmask: string;
}

function flagsOf(info: FdInfo): number {
  return Number.parseInt(info.flags, 8);
}

test('signalfd: flags and signals as the kernel reports them, a changed fd reads only its new signals, a blocking read waits', async () => {
  const child = runFixture('core-signalfd.mjs');
  const { created } = await child.json<{ created: { fd: number; fdinfo: FdInfo; records: unknown[] } }>('created');
  expect(flagsOf(created.fdinfo) & O_NONBLOCK).toBe(O_NONBLOCK);
  expect(flagsOf(created.fdinfo) & O_CLOEXEC).toBe(O_CLOEXEC);
  expect(BigInt(`0x${created.fdinfo.sigmask}`)).toBe(bit(12)); // SIGUSR2
  expect(created.records).toEqual([]); // non-blocking and nothing pending

  // signalfd(fd, ['SIGHUP']) on the same fd: now SIGHUP only; SIGUSR2 stays pending, unread.
  const { changed } = await child.json<{ changed: { fd: number; fdinfo: FdInfo; records: Array<{ signal: string }>; pending: string[] } }>('changed');
  expect(changed.fd).toBe(created.fd);
  expect(BigInt(`0x${changed.fdinfo.sigmask}`)).toBe(bit(1)); // SIGHUP
  expect(changed.fdinfo.flags).toBe(created.fdinfo.flags);
  expect(changed.records.map((record) => record.signal)).toEqual(['SIGHUP']);
  expect(changed.pending).toEqual(['SIGUSR2']);

  const { blocking } = await child.json<{ blocking: { fd: number; fdinfo: FdInfo } }>('blocking');
  expect(flagsOf(blocking.fdinfo) & (O_NONBLOCK | O_CLOEXEC)).toBe(0);
  expect(BigInt(`0x${blocking.fdinfo.sigmask}`)).toBe(bit(28)); // SIGWINCH

  // The main thread sits in read(2) on the blocking fd until a signal comes.
  const { tid, fd } = await child.json<{ tid: number; fd: number }>('waiting');
  const syscallFile = `/proc/${child.pid}/task/${tid}/syscall`;
  const inRead = new RegExp(`^${READ_SYSCALLS} 0x${fd.toString(16)} `);
  const deadline = Date.now() + 20_000;
  let syscall = '';
  while (!inRead.test((syscall = await readFile(syscallFile, 'utf8'))) && Date.now() < deadline) {
    await new Promise((wake) => setTimeout(wake, 20));
  }
  expect(syscall).toMatch(inRead);
  expect(child.lines.some((line) => line.includes('"read"'))).toBe(false);

  process.kill(child.pid, 'SIGWINCH');
  const { read } = await child.json<{ read: Array<Record<string, unknown>> }>('read');
  expect(read).toEqual([expect.objectContaining({ signal: 'SIGWINCH', codeName: 'SI_USER', pid: process.pid, uid: process.getuid!() })]);
  expect(await child.exit()).toMatchObject({ code: 0, stderr: '' });
});

test('sigtimedwait returns the record of a signal, null on timeout, and waits forever without a timeout', async () => {
  const child = runFixture('core-sigtimedwait.mjs');
  await child.json('ready');
  process.kill(child.pid, 'SIGUSR2');
  const { received } = await child.json<{ received: Record<string, unknown> }>('received');
  expect(received).toMatchObject({ signal: 'SIGUSR2', codeName: 'SI_USER', pid: process.pid, uid: process.getuid!() });

  const { timedOut, immediate } = await child.json<{ timedOut: unknown; immediate: unknown }>('timedOut');
  expect(timedOut).toBeNull();
  expect(immediate).toBeNull();
  const { queued } = await child.json<{ queued: Record<string, unknown> }>('queued');
  expect(queued).toMatchObject({ signal: 'SIGRTMIN+4', codeName: 'SI_QUEUE', int: -7, pid: child.pid });
  // SI_TKILL as signalfd reports it (glibc's sigtimedwait would turn it into SI_USER).
  const { threadDirected } = await child.json<{ threadDirected: Record<string, unknown> }>('threadDirected');
  expect(threadDirected).toMatchObject({ signal: 'SIGUSR2', codeName: 'SI_TKILL', code: -6, pid: child.pid });

  await child.json('forever');
  process.kill(child.pid, 'SIGHUP');
  const { anyOf } = await child.json<{ anyOf: Record<string, unknown> }>('anyOf');
  expect(anyOf).toMatchObject({ signal: 'SIGHUP', pid: process.pid });

  const { child: shell, exited } = await child.json<{ child: number; exited: Record<string, unknown> }>('exited');
  expect(exited).toMatchObject({ signal: 'SIGCHLD', codeName: 'CLD_EXITED', pid: shell, uid: process.getuid!(), status: 7 });
  expect(await child.exit()).toMatchObject({ code: 0, stderr: '' });
});
