// `signalfd watch` on a real terminal (tmux): the lines stay readable — colour
// reaches the terminal as styling, never as raw escape text — and keys
// typed in it (Ctrl-C) and a window resize arrive as kernel-sent signals.
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, commOf } from './cli-helpers.js';

// A private server, so nothing here touches anyone's tmux sessions.
const socket = `signalfd-cli-test-${process.pid}`;

// Colour decided by the terminal alone.
const { NO_COLOR: _a, NODE_DISABLE_COLORS: _b, FORCE_COLOR: _c, ...terminalEnv } = process.env;

function tmux(...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: terminalEnv });
}

/** The pane's text as a user sees it (escapes rendered, not shown). */
function screen(): string {
  return tmux('capture-pane', '-p', '-t', 'watch');
}

async function waitForScreen(pattern: RegExp): Promise<RegExpMatchArray> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = screen().match(pattern);
    if (match !== null) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
});

describe('signalfd watch in a terminal', () => {
  it('prints readable lines for a kill, a resize and Ctrl-C twice, then exits 0', async () => {
    tmux('new-session', '-d', '-s', 'watch', '-x', '100', '-y', '30', `${process.execPath} ${cliPath} watch`);
    tmux('set-option', '-t', 'watch', 'remain-on-exit', 'on');
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
    await waitForScreen(/^stopped by second SIGINT: 4 signals received$/m);
    await waitForScreen(/Pane is dead \(status 0,/);

    const text = screen();
    expect(text).not.toMatch(/\x1b|\^\[|\[\d+(;\d+)*m/);
    // Styled after all: the terminal received colour codes and rendered them.
    const styled = tmux('capture-pane', '-e', '-p', '-t', 'watch');
    expect(styled).toContain('\x1b[1mSIGUSR1');
  });

  it('leaves out colour with NO_COLOR', async () => {
    tmux('kill-server');
    tmux('new-session', '-d', '-s', 'watch', '-x', '100', '-y', '30', `NO_COLOR=1 ${process.execPath} ${cliPath} watch --count 1`);
    tmux('set-option', '-t', 'watch', 'remain-on-exit', 'on');
    const pid = Number((await waitForScreen(/^signalfd watch: pid (\d+)$/m))[1]);
    process.kill(pid, 'SIGUSR2');
    await waitForScreen(/^stopped by --count 1: 1 signal received$/m);
    const styled = tmux('capture-pane', '-e', '-p', '-t', 'watch');
    expect(styled).toMatch(/SIGUSR2      12  SI_USER/);
    expect(styled).not.toContain('\x1b');
  });
});
