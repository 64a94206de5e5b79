// `signalfd watch` on a real terminal (tmux): the lines stay readable — colour
// reaches the terminal as styling, never as raw escape text — and keys
// typed in it (Ctrl-C) and a window resize arrive as kernel-sent signals.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { cliPath, commOf, STARTUP_MS } from './cli-helpers.js';

// Colour decided by the terminal alone.
const { NO_COLOR: _a, NODE_DISABLE_COLORS: _b, FORCE_COLOR: _c, ...terminalEnv } = process.env;

// Private tmux servers, one per test, so nothing here touches anyone's
// sessions; sockets and config in a directory of our own.
let dir: string;
let socket: string;
let servers = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signalfd-tmux-'));
  // Keep the pane's text when its command has ended.
  writeFileSync(join(dir, 'tmux.conf'), 'set -g remain-on-exit on\n');
});

afterEach(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-S', socket, '-f', join(dir, 'tmux.conf'), ...args], { encoding: 'utf8', env: terminalEnv });
}

/**
 * Runs `signalfd …args` in a new 100x30 terminal. A shell reports its exit
 * status: tmux itself can miss its child's exit (tmux#311, with libutempter).
 */
function startInTerminal(args: string, env = ''): void {
  socket = join(dir, `socket-${++servers}`);
  const command = `trap true INT; ${env}${process.execPath} ${cliPath} ${args}; echo "exit status $?"`;
  tmux('new-session', '-d', '-s', 'watch', '-x', '100', '-y', '30', command);
}

/** The pane's text as a user sees it (escapes rendered, not shown). */
function screen(): string {
  return tmux('capture-pane', '-p', '-t', 'watch');
}

async function waitForScreen(pattern: RegExp): Promise<RegExpMatchArray> {
  const deadline = Date.now() + STARTUP_MS;
  for (;;) {
    const match = screen().match(pattern);
    if (match !== null) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('signalfd watch in a terminal', () => {
  it('prints readable lines for a kill, a resize and Ctrl-C twice, then exits 0', async () => {
    startInTerminal('watch');
    const pid = Number((await waitForScreen(/^signalfd watch: pid (\d+)$/m))[1]);
    await waitForScreen(new RegExp(`^Try: kill -USR1 ${pid} {3}or {3}npx signalfd send ${pid} SIGRTMIN\\+2 --value 42$`, 'm'));

    process.kill(pid, 'SIGUSR1');
    const sender = `from pid ${process.pid} \\(${commOf(process.pid)}\\), uid ${process.getuid!()}`;
    await waitForScreen(new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  SIGUSR1      10  SI_USER     ${sender}$`, 'm'));

    tmux('resize-window', '-t', 'watch', '-x', '90', '-y', '30');
    await waitForScreen(/^\d\d:\d\d:\d\d\.\d{3}  SIGWINCH     28  SI_KERNEL   from the kernel$/m);

    // The terminal's own SIGINT; watch overwrites the "^C" the terminal echoes.
    tmux('send-keys', '-t', 'watch', 'C-c');
    await waitForScreen(/^\d\d:\d\d:\d\d\.\d{3}  SIGINT        2  SI_KERNEL   from the kernel  \(press Ctrl-C again to quit\)$/m);
    tmux('send-keys', '-t', 'watch', 'C-c');
    await waitForScreen(/^stopped by second SIGINT: 4 signals received\n(\^C)?exit status 0$/m);

    expect(screen()).not.toMatch(/\x1b|\^\[|\[\d+(;\d+)*m/);
    // Styled after all: the terminal received colour codes and rendered them.
    expect(tmux('capture-pane', '-e', '-p', '-t', 'watch')).toContain('\x1b[1mSIGUSR1');
  });

  it('leaves out colour with NO_COLOR', async () => {
    startInTerminal('watch --count 1', 'NO_COLOR=1 ');
    const pid = Number((await waitForScreen(/^signalfd watch: pid (\d+)$/m))[1]);
    process.kill(pid, 'SIGUSR2');
    await waitForScreen(/^stopped by --count 1: 1 signal received\nexit status 0$/m);
    const styled = tmux('capture-pane', '-e', '-p', '-t', 'watch');
    expect(styled).toMatch(/SIGUSR2      12  SI_USER/);
    expect(styled).not.toContain('\x1b');
  });
});
