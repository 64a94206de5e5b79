// nextBatch()/batches(): one promise per read of the signalfd instead of one
// per record, with the same order, exactly-once and highWaterMark guarantees.
import { expect, it } from 'vitest';
import { runFixture } from './helpers.js';

it('delivers queued signals in batches: in order, exactly once, at most highWaterMark each', async () => {
  const count = 5000;
  const fixture = runFixture('watch-batch.mjs', [String(count)]);
  const { report } = await fixture.json<{ report: Record<string, unknown> }>('report');
  expect(report.waitingBatch).toEqual([...Array(50).keys()]);
  expect(report.mixed).toEqual([50, 51, 52]);
  expect(report.afterClose).toEqual({ value: undefined, done: true });
  expect(report).toMatchObject({ received: count, outOfOrder: 0, largest: 100, closed: true, abortReason: 'stop' });
  // 5,000 records in batches of at most 100: at least 50 batches, far fewer promises than records.
  expect(report.batches).toBeGreaterThanOrEqual(50);
  expect(report.batches).toBeLessThan(count / 10);
  expect(report.maskAfter).not.toContain('SIGRTMIN+4');
  expect((await fixture.exit()).code).toBe(0);
});
