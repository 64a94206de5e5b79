// The private real-time signal that carries process-wide mask changes: how it
// is chosen, overridden, and protected.
import { describe, expect, test } from 'vitest';
import { SIGRTMIN } from '../dist/index.js';
import { bit, fixturesDir, run, runFixture, type Running } from './helpers.js';

const { SIGNALFD_BROADCAST_SIGNAL: _inherited, ...cleanEnv } = process.env;

interface Outcome {
  error?: { name: string; code: string; errno?: number; syscall?: string; message: string };
}
interface Report {
  procShift: number;
  set: unknown;
  chosen: string & Outcome;
  block: unknown;
  caught: string;
  other: Outcome;
  again: unknown;
  blockIt: Outcome;
}

async function report(child: Running): Promise<Report> {
  expect(await child.exit()).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(child.lines[0]!) as Report;
}

/** Whether SigCgt shows a handler for real-time signal `signo` (numbered as /proc numbers it). */
function catches(result: Report, signo: number): boolean {
  return (BigInt(`0x${result.caught}`) & bit(signo + result.procShift)) !== 0n;
}

/** Runs the fixture from a shell that first sets `ignored` signals to SIG_IGN, which exec keeps. */
function withIgnored(ignored: number[], env: NodeJS.ProcessEnv = cleanEnv): Running {
  const script = `trap '' ${ignored.join(' ')}; exec "$0" "$1"`;
  return run('sh', ['-c', script, process.execPath, `${fixturesDir}core-broadcast.mjs`], { env });
}

// Under qemu-user, /proc's SigCgt lists qemu's own host handlers (one on every
// signal), and a host shell's SIG_IGN lands on other signals than the guest's.
const UNDER_QEMU = process.env.SIGNALFD_UNDER_QEMU === '1';
const QEMU_HIDES_DISPOSITIONS =
  "qemu-user: SigCgt shows qemu's handlers on every host signal, and host signal numbers are not the guest's";

describe('the broadcast signal', () => {
  test('defaults to SIGRTMIN+1, cannot be replaced once in use (EBUSY), nor blocked', async () => {
    const result = await report(runFixture('core-broadcast.mjs', [], { env: cleanEnv }));
    expect(result).toMatchObject({ set: null, chosen: 'SIGRTMIN+1', block: [], again: 'SIGRTMIN+1' });
    expect(result.other.error).toMatchObject({ name: 'Error', code: 'EBUSY', errno: -16, syscall: 'sigaction' });
    expect(result.blockIt.error).toMatchObject({ name: 'RangeError', code: 'ERR_INVALID_ARG_VALUE' });
    expect(result.blockIt.error!.message).toContain('must not include SIGRTMIN+1');
  });

  test('SIGNALFD_BROADCAST_SIGNAL overrides the choice', async () => {
    const result = await report(runFixture('core-broadcast.mjs', [], { env: { ...cleanEnv, SIGNALFD_BROADCAST_SIGNAL: 'SIGRTMIN+5' } }));
    expect(result).toMatchObject({ chosen: 'SIGRTMIN+5', block: [], again: 'SIGRTMIN+5' });
    expect(result.other.error).toMatchObject({ code: 'EBUSY' });
    expect(result.blockIt.error).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });

  test('setBroadcastSignal before first use chooses it; afterwards another one fails with EBUSY', async () => {
    const result = await report(runFixture('core-broadcast.mjs', ['SIGRTMIN+4'], { env: cleanEnv }));
    expect(result).toMatchObject({ set: 'SIGRTMIN+4', chosen: 'SIGRTMIN+4', block: [], again: 'SIGRTMIN+4' });
    expect(result.other.error).toMatchObject({ code: 'EBUSY', errno: -16, syscall: 'sigaction' });
  });

  test('the handler is installed on the chosen signal only (SigCgt)', async (context) => {
    if (UNDER_QEMU) context.skip(QEMU_HIDES_DISPOSITIONS);
    const chosen = [
      [await report(runFixture('core-broadcast.mjs', [], { env: cleanEnv })), SIGRTMIN + 1],
      [await report(runFixture('core-broadcast.mjs', [], { env: { ...cleanEnv, SIGNALFD_BROADCAST_SIGNAL: 'SIGRTMIN+5' } })), SIGRTMIN + 5],
      [await report(runFixture('core-broadcast.mjs', ['SIGRTMIN+4'], { env: cleanEnv })), SIGRTMIN + 4],
    ] as const;
    for (const [result, signo] of chosen) {
      const handled = [SIGRTMIN + 1, SIGRTMIN + 4, SIGRTMIN + 5].filter((candidate) => catches(result, candidate));
      expect(handled).toEqual([signo]);
    }
  });

  test('is the first of SIGRTMIN+1 … SIGRTMAX-1 at default disposition: inherited SIG_IGN ones are skipped', async (context) => {
    if (UNDER_QEMU) context.skip(QEMU_HIDES_DISPOSITIONS);
    const result = await report(withIgnored([SIGRTMIN + 1, SIGRTMIN + 2]));
    expect(result.chosen).toBe('SIGRTMIN+3');
    expect(catches(result, SIGRTMIN + 3)).toBe(true);
    expect(catches(result, SIGRTMIN + 1)).toBe(false);
  });

  test('SIGNALFD_BROADCAST_SIGNAL naming a signal not at default disposition fails with EINVAL, installing nothing', async (context) => {
    if (UNDER_QEMU) context.skip(QEMU_HIDES_DISPOSITIONS);
    const result = await report(withIgnored([SIGRTMIN + 5], { ...cleanEnv, SIGNALFD_BROADCAST_SIGNAL: 'SIGRTMIN+5' }));
    expect(result.chosen.error).toMatchObject({ code: 'EINVAL', errno: -22, syscall: 'sigaction' });
    expect((result.block as Outcome).error).toMatchObject({ code: 'EINVAL' });
    expect(catches(result, SIGRTMIN + 5)).toBe(false);
  });
});
