// `signalfd mask` against a fixture with a known signal state, checked
// against /proc read independently.
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliExit, commOf, STARTUP_MS } from './cli-helpers.js';
import { bit, runFixture, threadMasks, type Running } from './helpers.js';

interface MaskReport {
  pid: number;
  comm: string;
  threads: Array<{ tid: number; name: string; blocked: string[]; pending: string[]; ignored: string[]; caught: string[] }>;
}

const SIGUSR2 = 12;
const UNDER_QEMU = process.env.SIGNALFD_UNDER_QEMU === '1';

describe('signalfd mask, on a process blocking SIGUSR2, catching SIGHUP, ignoring SIGPIPE', () => {
  let fixture: Running;
  let report: MaskReport;
  let rows: string[];

  beforeAll(async () => {
    fixture = runFixture('cli-masked.mjs');
    await fixture.json('ready', STARTUP_MS);
    // Blocked everywhere, so it stays pending for the whole process.
    process.kill(fixture.pid, 'SIGUSR2');
    const json = await cliExit(['mask', String(fixture.pid), '--json']);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    report = JSON.parse(json.stdout) as MaskReport;
    const text = await cliExit(['mask', String(fixture.pid)]);
    expect(text.code).toBe(0);
    rows = stripVTControlCharacters(text.stdout).split('\n');
  }, STARTUP_MS + 60_000);

  afterAll(async () => {
    fixture.child.kill('SIGKILL');
    await fixture.exit();
  });

  it('lists the threads /proc lists, each blocking SIGUSR2 with it pending (--json)', async () => {
    // 'node' (Node 20, 22) or 'MainThread' (Node 24 names its threads).
    expect(report).toMatchObject({ pid: fixture.pid, comm: commOf(fixture.pid) });
    const threads = await threadMasks(fixture.pid);
    expect(report.threads.map((thread) => thread.tid).sort()).toEqual(threads.map((thread) => thread.tid).sort());
    expect(threads.every((thread) => (thread.blocked & bit(SIGUSR2)) !== 0n)).toBe(true);
    expect(report.threads.length).toBeGreaterThan(5); // the worker and Node's own threads
    for (const thread of report.threads) {
      expect(thread.blocked).toContain('SIGUSR2');
      expect(thread.pending).toContain('SIGUSR2');
    }
    // A thread that blocks all it can (Node's signal-inspector): real-time signals by name.
    const blocksAll = report.threads.find((thread) => thread.blocked.length > 40)!;
    expect(blocksAll.blocked).toEqual(expect.arrayContaining(['SIGRTMIN', 'SIGRTMIN+5', 'SIGRTMAX-1', 'SIGRTMAX']));
  });

  it('shows each thread on one row, long sets in short form (text)', () => {
    expect(rows[0]).toBe(`pid ${fixture.pid} (${report.comm}), ${report.threads.length} threads`);
    expect(rows[3]).toMatch(/^ {2}TID +NAME +PENDING +BLOCKED$/);
    const threadRows = rows.slice(4);
    expect(threadRows).toHaveLength(report.threads.length);
    expect(threadRows.some((row) => row.includes('  all except '))).toBe(true);
    for (const row of threadRows) {
      // SIGUSR2 pending, and blocked: listed, or not among the exceptions.
      expect(row).toMatch(/^ {2}\d+ +.+? +SIGUSR2 +(?:.*SIGUSR2.*|all except (?!.*SIGUSR2).*)$/);
    }
  });

  it('shows the ignored and caught signals of the process', (context) => {
    // As core-broadcast.test.ts: under qemu-user /proc shows qemu's own host handlers.
    if (UNDER_QEMU) context.skip("qemu-user: SigCgt shows qemu's handlers on every host signal");
    for (const thread of report.threads) {
      expect(thread.ignored).toEqual(expect.arrayContaining(['SIGPIPE'])); // Node ignores it at startup
      expect(thread.caught).toEqual(expect.arrayContaining(['SIGHUP']));
      expect(thread.caught).not.toContain('SIGPIPE');
    }
    expect(rows[1]).toMatch(/^ {2}ignored {2}.*SIGPIPE/);
    expect(rows[2]).toMatch(/^ {2}caught {3}.*SIGHUP/);
  });
});

describe('signalfd mask', () => {
  it('shows itself without a PID', async () => {
    const shown = await cliExit(['mask', '--json']);
    expect(shown.code).toBe(0);
    const report = JSON.parse(shown.stdout) as MaskReport;
    expect(report.comm).toBe(report.threads[0]!.name);
    expect(report.threads[0]!.tid).toBe(report.pid);
  });

  it('fails with exit code 1 for a process that does not exist', async () => {
    const shown = await cliExit(['mask', '4194304']);
    expect(shown).toMatchObject({ code: 1, stdout: '', stderr: 'signalfd: mask: no process 4194304\n' });
  });
});
