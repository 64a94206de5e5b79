// Real-time signals queue in the kernel: 10,000 of them, each with its
// payload, reach a slow consumer exactly once and in order, with at most
// highWaterMark records buffered in JavaScript at any time.
import { expect, it } from 'vitest';
import { runFixture } from './helpers.js';

it('receives 10,000 queued real-time signals exactly once, in order, under backpressure', async () => {
  const count = 10_000;
  const highWaterMark = 64;
  const consumer = runFixture('watch-rt-consumer.mjs', ['SIGRTMIN+5', String(count), String(highWaterMark)], {
    nodeArgs: ['--expose-gc'],
  });
  const { pid } = await consumer.json<{ pid: number }>('ready');
  const sender = runFixture('watch-rt-sender.mjs', [String(pid), 'SIGRTMIN+5', String(count)]);
  const senderExit = await sender.exit(120_000);
  expect(senderExit.code, senderExit.stderr).toBe(0);
  const report = await consumer.json<{
    received: number;
    last: number;
    outOfOrder: number;
    maxBuffered: number;
    senders: number[];
    rssGrowth: number;
    heldByKernel: number;
    fdsBefore: number;
    fdsAfter: number;
    maskAfter: string[];
  }>('received', 120_000);
  const shown = JSON.stringify(report);
  expect(report, shown).toMatchObject({ received: count, last: count - 1, outOfOrder: 0, senders: [sender.pid] });
  // The fixture waits for a full buffer with more pending in the kernel, so
  // the limit was reached, never passed, and reading paused at least once.
  expect(report.maxBuffered, shown).toBe(highWaterMark);
  expect(report.heldByKernel, shown).toBeGreaterThan(0);
  expect(report.fdsAfter, shown).toBe(report.fdsBefore);
  expect(report.rssGrowth, shown).toBeLessThan(32 * 1024 * 1024);
  expect(report.maskAfter).not.toContain('SIGRTMIN+5');
  expect((await consumer.exit()).code).toBe(0);
}, 180_000);
