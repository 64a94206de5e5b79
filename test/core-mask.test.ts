// Process-wide and per-thread masks, checked against what /proc says of every
// thread, and against real signals sent from other processes.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ask, runInteractive, signalUntilExit } from './core-support.js';
import { bit, run, runFixture, threadMasks } from './helpers.js';

const SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGUSR2 = 12, SIGTERM = 15, SIGWINCH = 28;
const FLOOD_SIGNALS = bit(SIGTERM) | bit(SIGHUP) | bit(SIGUSR2);

function hasAll(blocked: bigint, bits: bigint): boolean {
  return (blocked & bits) === bits;
}

describe('a process-wide block', () => {
  test('holds on every thread while 200 SIGTERMs arrive from another process', async () => {
    const child = runInteractive('core-flood.mjs', ['process']);
    const { pid } = await child.json<{ pid: number }>('ready');

    const before = await threadMasks(pid);
    // Main, 4 workers, 4 threadpool threads, and Node's own (V8 platform, inspector).
    expect(before.length).toBeGreaterThanOrEqual(12);
    const progressBefore = await ask<{ beats: number[]; fileReads: number }>(child, 'progress');

    const sender = run('sh', ['-c', `i=0; while [ $i -lt 200 ]; do kill -TERM ${pid} || exit 1; i=$((i+1)); done`]);
    const sent = await sender.exit();
    expect(sent).toMatchObject({ code: 0, stderr: '' });

    // Every thread blocks all three, the inspector thread (which blocks everything) included.
    const after = await threadMasks(pid);
    for (const thread of after) expect({ ...thread, ok: hasAll(thread.blocked, FLOOD_SIGNALS) }).toMatchObject({ ok: true });

    // 200 standard signals while blocked coalesce into one pending record, from the shell.
    const records = await ask<Array<Record<string, unknown>>>(child, 'read');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ signal: 'SIGTERM', codeName: 'SI_USER', pid: sender.pid, uid: process.getuid!() });

    // A thread created after the block inherits it.
    const late = await ask<{ tid: number; mask: string[] }>(child, 'worker');
    expect(late.mask).toEqual(expect.arrayContaining(['SIGHUP', 'SIGUSR2', 'SIGTERM']));
    const lateThread = (await threadMasks(pid)).find((thread) => thread.tid === late.tid);
    expect(lateThread && hasAll(lateThread.blocked, FLOOD_SIGNALS)).toBe(true);

    // The workers and the threadpool kept running through it.
    const progressAfter = await ask<{ beats: number[]; fileReads: number }>(child, 'progress');
    expect(progressAfter.fileReads).toBeGreaterThan(progressBefore.fileReads);
    progressAfter.beats.forEach((beats, index) => expect(beats).toBeGreaterThan(progressBefore.beats[index]!));

    child.child.stdin!.end();
    expect(await child.exit()).toMatchObject({ code: 0, signal: null });
  });

  test.each(['SIGTERM', 'SIGUSR2'] as const)(
    'blocking %s in the calling thread only does not protect the process: another thread takes it and the process dies',
    async (signal) => {
      const child = runInteractive('core-flood.mjs', ['thread']);
      const { pid } = await child.json<{ pid: number }>('ready');
      const threads = await threadMasks(pid);
      const main = threads.find((thread) => thread.tid === pid)!;
      expect(hasAll(main.blocked, FLOOD_SIGNALS)).toBe(true);
      // The workers, the threadpool and V8's threads were started with the signal unblocked.
      const exposed = threads.filter((thread) => !hasAll(thread.blocked, FLOOD_SIGNALS));
      expect(exposed.length).toBeGreaterThanOrEqual(8);

      const exit = await signalUntilExit(child, signal);
      expect(exit.signal).toBe(signal);
      console.log(`pthreadSigmask-only ${signal}: died after ${exit.sent} kill(s)`);
    },
  );
});

test('sigprocmask called in a worker thread blocks in every thread, the main one included', async () => {
  const child = runInteractive('core-worker-block.mjs');
  const ready = await child.json<{ pid: number; previous: string[]; mainMask: string[] }>('ready');
  expect(ready).toMatchObject({ previous: [], mainMask: ['SIGUSR2'] });
  for (const thread of await threadMasks(ready.pid)) expect({ ...thread, ok: hasAll(thread.blocked, bit(SIGUSR2)) }).toMatchObject({ ok: true });

  const sender = run('sh', ['-c', `for i in 1 2 3 4 5 6 7 8 9 10; do kill -USR2 ${ready.pid} || exit 1; done`]);
  expect(await sender.exit()).toMatchObject({ code: 0 });
  expect(await ask(child, 'read')).toEqual([expect.objectContaining({ signal: 'SIGUSR2', pid: sender.pid })]);
  child.child.stdin!.end();
  expect(await child.exit()).toMatchObject({ code: 0, signal: null });
});

interface Step {
  step: string;
  returned: unknown;
  mask: string[];
  pending: string[];
  threads: Record<string, string>;
}

test('sigprocmask block/unblock/setmask, pthreadSigmask, getSigmask and sigpending', async () => {
  const child = runFixture('core-mask.mjs');
  const exit = await child.exit();
  expect(exit).toMatchObject({ code: 0, stderr: '' });
  const { broadcast, procShift } = JSON.parse(child.lines[0]!) as { broadcast: number; procShift: number };
  const steps = new Map(child.jsonLines<Step>().filter((line) => line.step).map((line) => [line.step, line]));
  const pid = Number(Object.keys(steps.get('start')!.threads).sort((a, b) => Number(a) - Number(b))[0]);

  // Threads the broadcast reaches: all but those blocking the broadcast signal (Node's inspector thread).
  function reachable(step: string): Array<[number, bigint]> {
    return Object.entries(steps.get(step)!.threads)
      .map(([tid, hex]): [number, bigint] => [Number(tid), BigInt(`0x${hex}`)])
      .filter(([, blocked]) => (blocked & bit(broadcast + procShift)) === 0n);
  }
  function everyThread(step: string, bits: bigint, blocked: boolean): void {
    const threads = reachable(step);
    expect(threads.length).toBeGreaterThanOrEqual(10);
    for (const [tid, mask] of threads) expect({ tid, step, blocked: (mask & bits) === bits }).toEqual({ tid, step, blocked });
  }

  expect(steps.get('start')).toMatchObject({ mask: [], pending: [] });

  expect(steps.get('block TERM HUP')).toMatchObject({ returned: [], mask: ['SIGHUP', 'SIGTERM'] });
  everyThread('block TERM HUP', bit(SIGHUP) | bit(SIGTERM), true);

  expect(steps.get('block USR2')).toMatchObject({ returned: ['SIGHUP', 'SIGTERM'], mask: ['SIGHUP', 'SIGUSR2', 'SIGTERM'] });
  everyThread('block USR2', bit(SIGUSR2), true);

  // setmask: the listed signals become blocked everywhere, the others the caller blocked are unblocked everywhere.
  expect(steps.get('setmask USR2 INT')).toMatchObject({ returned: ['SIGHUP', 'SIGUSR2', 'SIGTERM'], mask: ['SIGINT', 'SIGUSR2'] });
  everyThread('setmask USR2 INT', bit(SIGINT) | bit(SIGUSR2), true);
  for (const signo of [SIGHUP, SIGTERM]) everyThread('setmask USR2 INT', bit(signo), false);

  expect(steps.get('unblock INT')).toMatchObject({ returned: ['SIGINT', 'SIGUSR2'], mask: ['SIGUSR2'] });
  everyThread('unblock INT', bit(SIGINT), false);

  // A blocked signal stays pending until taken.
  expect(steps.get('raised USR2')).toMatchObject({ pending: ['SIGUSR2'] });
  expect(steps.get('waited USR2')).toMatchObject({ returned: 'SIGUSR2', pending: [] });

  // pthreadSigmask changes the calling thread only.
  expect(steps.get('thread block WINCH')).toMatchObject({ returned: ['SIGUSR2'], mask: ['SIGUSR2', 'SIGWINCH'] });
  const winch = reachable('thread block WINCH').filter(([, mask]) => (mask & bit(SIGWINCH)) !== 0n);
  expect(winch.map(([tid]) => tid)).toEqual([pid]);
  expect(steps.get('thread setmask QUIT')).toMatchObject({ returned: ['SIGUSR2', 'SIGWINCH'], mask: ['SIGQUIT'] });
  const quit = reachable('thread setmask QUIT').filter(([, mask]) => (mask & bit(SIGQUIT)) !== 0n);
  expect(quit.map(([tid]) => tid)).toEqual([pid]);

  // setmask is computed against the calling thread's mask: what only other
  // threads block (here SIGUSR2, unblocked in the caller by pthreadSigmask) is kept.
  expect(steps.get('setmask none')).toMatchObject({ returned: ['SIGQUIT'], mask: [] });
  everyThread('setmask none', bit(SIGQUIT), false);
  const others = reachable('setmask none').filter(([tid]) => tid !== pid);
  for (const [, mask] of others) expect(mask & bit(SIGUSR2)).toBe(bit(SIGUSR2));
});

test('under node --prof a process-wide block throws ERR_SIGNALFD_PROF; the thread mask still works', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'signalfd-core-prof-'));
  try {
    const child = runFixture('core-prof.mjs', [], { nodeArgs: ['--prof'], cwd });
    const exit = await child.exit();
    expect(exit).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(child.lines[0]!);
    expect(result.block.error).toMatchObject({ name: 'Error', code: 'ERR_SIGNALFD_PROF' });
    expect(result.block.error.message).toContain('--cpu-prof');
    expect(result.unblock).toEqual([]);
    expect(result.thread).toEqual([]);
    expect(result.mask).toEqual(['SIGTERM']);
    // The profiler really ran: V8 wrote its log into the temporary cwd.
    expect(readdirSync(cwd).some((name) => /^isolate-.*-v8\.log$/.test(name))).toBe(true);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});
