// Starting the command through the signalfd-exec helper (src-native/exec_shim.c),
// which puts it in a process group of its own and hands it the terminal.
// libuv returns from spawn once the helper exec'd; the helper's report pipe
// (fd 3) then tells when the command itself runs, or why it could not.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { getSystemErrorMap } from 'node:util';
import { nativeDirectory } from '../binding.js';

const helperPath = join(nativeDirectory, 'signalfd-exec');

export interface StartFailure extends Error {
  code: string;
  errno: number;
  syscall: string;
  path: string;
  spawnargs: string[];
  /** The C library's text for errno, e.g. 'no such file or directory'. */
  description: string;
}

export interface StartedCommand {
  child: ChildProcess;
  /** Resolves with null once the command runs in its own group, or with why it could not start. */
  started: Promise<StartFailure | null>;
}

/** An error shaped like the one child_process gives for a failed spawn ('spawn ls ENOENT'). */
function startFailure(command: string, args: string[], syscall: string, errno: number): StartFailure {
  const [code, description] = getSystemErrorMap().get(-errno) ?? [`E${errno}`, `error ${errno}`];
  const what = syscall === 'execvp' ? `spawn ${command}` : syscall;
  return Object.assign(new Error(`${what} ${code}`), {
    code,
    errno: -errno,
    syscall: what,
    path: command,
    spawnargs: args,
    description,
  });
}

function parseReport(report: string, command: string, args: string[]): StartFailure | null {
  const match = /^(\w+) (\d+)\n$/.exec(report);
  return match === null ? null : startFailure(command, args, match[1]!, Number(match[2]));
}

export function startInOwnGroup(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdio: Exclude<StdioOptions, string> },
): StartedCommand {
  if (!existsSync(helperPath)) {
    throw new Error(`signalfd: the signalfd-exec helper is missing beside the addon (${helperPath}); rebuild with 'npx node-gyp rebuild'`);
  }
  const child = spawn(helperPath, [command, ...args], {
    ...options,
    stdio: [...options.stdio.slice(0, 3), 'pipe'],
  });
  const report = child.stdio[3] as Readable | null | undefined;
  if (report === null || report === undefined) return { child, started: Promise.resolve(null) };
  const started = new Promise<StartFailure | null>((resolve) => {
    let text = '';
    report.setEncoding('utf8');
    report.on('data', (chunk: string) => (text += chunk));
    report.on('error', () => {});
    report.on('close', () => resolve(parseReport(text, command, args)));
  });
  return { child, started };
}
