// Shared by the core-*.test.ts files: talking to fixtures over stdin, and
// waiting for a child to die while signalling it.
import type { SpawnOptions } from 'node:child_process';
import { runFixture, type Exit, type Running } from './helpers.js';

export const withStdin: SpawnOptions = { stdio: ['pipe', 'pipe', 'pipe'] };

/** Starts a fixture that takes commands on stdin. */
export function runInteractive(name: string, args: string[] = [], options: SpawnOptions = {}): Running {
  return runFixture(name, args, { ...withStdin, ...options });
}

const commandsSent = new WeakMap<Running, number>();

/** Sends one stdin command ("name arg…") to a fixture using onCommands, and returns its reply. */
export async function ask<T = unknown>(running: Running, command: string): Promise<T> {
  const reply = (commandsSent.get(running) ?? 0) + 1;
  commandsSent.set(running, reply);
  running.child.stdin!.write(`${command}\n`);
  const line = await running.line(new RegExp(`^\\{"reply":${reply},`));
  return (JSON.parse(line) as Record<string, T>)[command.split(' ')[0]!]!;
}

/** Sends `signal` every `intervalMs` until the child is gone, at most `attempts` times. */
export async function signalUntilExit(
  running: Running,
  signal: NodeJS.Signals,
  attempts = 200,
  intervalMs = 50,
): Promise<Exit & { sent: number }> {
  const exited = running.exit(60_000);
  const { child } = running;
  let sent = 0;
  // Checked right before each kill: the pid is not reaped (and reusable) until exitCode is set.
  while (sent < attempts && child.exitCode === null && child.signalCode === null) {
    process.kill(child.pid!, signal);
    sent++;
    await new Promise((wake) => setTimeout(wake, intervalMs));
  }
  return { ...(await exited), sent };
}
