// sigqueue and tgkill between processes: payloads, queueing of real-time
// signals against coalescing of standard ones, thread targets.
import { afterEach, beforeEach, expect, test } from 'vitest';
import { ask, runInteractive } from './core-support.js';
import { runFixture, type Running } from './helpers.js';

interface Received {
  signal: string;
  codeName: string;
  pid: number;
  uid: number;
  int: number;
  ptr: string;
}

let receiver: Running;

beforeEach(async () => {
  receiver = runInteractive('core-receiver.mjs', ['SIGUSR2,SIGRTMIN+2,SIGRTMIN+3,SIGRTMAX-2']);
  await receiver.json('ready');
});

afterEach(async () => {
  receiver.child.stdin!.end();
  expect(await receiver.exit()).toMatchObject({ code: 0, stderr: '' });
});

/** Runs core-sender.mjs to completion; returns its pid. */
async function send(...args: Array<string | number>): Promise<number> {
  const sender = runFixture('core-sender.mjs', args.map(String));
  expect(await sender.exit()).toMatchObject({ code: 0, stderr: '' });
  return sender.pid;
}

test('sigqueue payloads arrive in info.int, negative ones included, with SI_QUEUE and the sender pid and uid', async () => {
  const values = [0, 1, -1, 42, -42, 2 ** 31 - 1, -(2 ** 31)];
  const sender = await send('sigqueue', receiver.pid, 'SIGRTMIN+3', ...values);
  const records = await ask<Received[]>(receiver, 'read');
  expect(records.map((record) => record.int)).toEqual(values);
  for (const record of records) {
    expect(record).toMatchObject({ signal: 'SIGRTMIN+3', codeName: 'SI_QUEUE', pid: sender, uid: process.getuid!() });
    // The whole sigval union is sent: the pointer view is the int's 32 bits, zero-extended.
    expect(record.ptr).toBe(String(record.int >>> 0));
  }
});

test('real-time signals queue: 100 sent, 100 read, in the order sent', async () => {
  const values = Array.from({ length: 100 }, (_, index) => index);
  await send('sigqueue', receiver.pid, 'SIGRTMAX-2', ...values);
  const records = await ask<Received[]>(receiver, 'read');
  expect(records.map((record) => `${record.signal} ${record.int}`)).toEqual(values.map((value) => `SIGRTMAX-2 ${value}`));
});

test('standard signals coalesce: 10 sent while blocked make one record, carrying the first payload', async () => {
  const killer = await send('kill', receiver.pid, 'SIGUSR2', 10);
  expect(await ask<Received[]>(receiver, 'read')).toEqual([expect.objectContaining({ signal: 'SIGUSR2', codeName: 'SI_USER', pid: killer })]);

  const queuer = await send('sigqueue', receiver.pid, 'SIGUSR2', 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
  expect(await ask<Received[]>(receiver, 'read')).toEqual([expect.objectContaining({ signal: 'SIGUSR2', codeName: 'SI_QUEUE', pid: queuer, int: 7 })]);
});

test('tgkill reaches the one thread named: SI_TKILL, read by that thread only', async () => {
  const workerTid = await ask<number>(receiver, 'worker');
  expect(workerTid).not.toBe(receiver.pid);

  const toWorker = await send('tgkill', receiver.pid, workerTid, 'SIGRTMIN+2');
  expect(await ask<Received[]>(receiver, 'read')).toEqual([]);
  expect(await ask<Received[]>(receiver, 'workerRead')).toEqual([
    expect.objectContaining({ signal: 'SIGRTMIN+2', codeName: 'SI_TKILL', pid: toWorker, uid: process.getuid!() }),
  ]);

  const toMain = await send('tgkill', receiver.pid, receiver.pid, 'SIGUSR2');
  expect(await ask<Received[]>(receiver, 'workerRead')).toEqual([]);
  expect(await ask<Received[]>(receiver, 'read')).toEqual([expect.objectContaining({ signal: 'SIGUSR2', codeName: 'SI_TKILL', pid: toMain })]);
});
