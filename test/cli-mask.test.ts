// `signalfd mask` against a fixture with a known signal state, checked
// against /proc read independently.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cliExit, commOf } from './cli-helpers.js';
import { runFixture, threadMasks, bit } from './helpers.js';

interface MaskReport {
  pid: number;
  comm: string;
  threads: Array<{ tid: number; name: string; blocked: string[]; pending: string[]; ignored: string[]; caught: string[] }>;
}

const SIGUSR2 = 12;

describe('signalfd mask', () => {
  it('decodes blocked, pending, ignored and caught signals of every thread', async () => {
    const fixture = runFixture('cli-masked.mjs');
    await fixture.json('ready');
    try {
      // Blocked everywhere, so it stays pending for the whole process.
      process.kill(fixture.pid, 'SIGUSR2');

      const shown = await cliExit(['mask', String(fixture.pid), '--json']);
      expect(shown).toMatchObject({ code: 0, stderr: '' });
      const report = JSON.parse(shown.stdout) as MaskReport;
      // 'node' (Node 20, 22) or 'MainThread' (Node 24 names its threads).
      const comm = commOf(fixture.pid);
      expect(report).toMatchObject({ pid: fixture.pid, comm });

      // The same threads /proc lists, each blocking SIGUSR2 (the worker too).
      const threads = await threadMasks(fixture.pid);
      expect(report.threads.map((thread) => thread.tid).sort()).toEqual(threads.map((thread) => thread.tid).sort());
      expect(threads.every((thread) => (thread.blocked & bit(SIGUSR2)) !== 0n)).toBe(true);
      expect(report.threads.length).toBeGreaterThan(5);
      for (const thread of report.threads) {
        expect(thread.blocked).toContain('SIGUSR2');
        expect(thread.pending).toContain('SIGUSR2');
        expect(thread.ignored).toEqual(expect.arrayContaining(['SIGPIPE']));
        expect(thread.caught).toEqual(expect.arrayContaining(['SIGHUP']));
        expect(thread.caught).not.toContain('SIGPIPE');
      }
      // Node's signal-inspector thread blocks all it can: real-time signals by name.
      const inspectorThread = report.threads.find((thread) => thread.blocked.length > 40)!;
      expect(inspectorThread.blocked).toEqual(expect.arrayContaining(['SIGRTMIN', 'SIGRTMIN+5', 'SIGRTMAX-1', 'SIGRTMAX']));

      const text = await cliExit(['mask', String(fixture.pid)]);
      expect(text.code).toBe(0);
      const lines = stripVTControlCharacters(text.stdout).split('\n');
      expect(lines[0]).toBe(`pid ${fixture.pid} (${comm}), ${report.threads.length} threads`);
      expect(lines[1]).toMatch(/^ {2}ignored {2}.*SIGPIPE/);
      expect(lines[2]).toMatch(/^ {2}caught {3}.*SIGHUP/);
      expect(lines[3]).toMatch(/^ {2}TID +NAME +PENDING +BLOCKED$/);
      const rows = lines.slice(4);
      expect(rows).toHaveLength(report.threads.length);
      // The kernel never blocks SIGKILL and SIGSTOP; glibc keeps 32 and 33 (unnamed) unblockable.
      expect(rows.filter((row) => row.endsWith('  all except SIGKILL SIGSTOP SIG32 SIG33'))).toHaveLength(1);
      for (const row of rows) {
        // Every thread: SIGUSR2 pending, and blocked (listed, or not among the exceptions).
        expect(row).toMatch(/^ {2}\d+ +.+? +SIGUSR2 +(?:.*SIGUSR2.*|all except (?!.*SIGUSR2).*)$/);
      }
    } finally {
      fixture.child.kill('SIGKILL');
      await fixture.exit();
    }
  });

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
