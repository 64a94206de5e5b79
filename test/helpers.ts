// Runs fixtures in child processes and reads what they print, line by line.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterAll } from 'vitest';

export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const unfinished = new Set<ChildProcess>();

// A failed assertion must not leave its fixture running (it may hold signals
// blocked or keep sending): whatever is still alive when a test file ends is
// killed, after the file's own cleanup hooks ran.
afterAll(() => {
  for (const child of unfinished) child.kill('SIGKILL');
});

/** A running child whose stdout lines can be awaited. */
export class Running {
  readonly lines: string[] = [];
  stderr = '';
  private readonly waiters: Array<() => void> = [];
  private readonly exited: Promise<Exit>;

  constructor(readonly child: ChildProcess) {
    unfinished.add(child);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.lines.push(line);
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr?.on('data', (chunk) => (this.stderr += chunk));
    this.exited = once(child, 'close').then(([code, signal]) => {
      unfinished.delete(child);
      for (const wake of this.waiters.splice(0)) wake();
      return { code, signal, stdout: this.lines.join('\n'), stderr: this.stderr };
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Waits for a stdout line matching `pattern`; returns it. */
  async line(pattern: RegExp | string, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (let seen = 0; ; ) {
      for (; seen < this.lines.length; seen++) {
        const line = this.lines[seen]!;
        if (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line)) return line;
      }
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`exited before printing ${pattern}\nstdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}\nstdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`);
      await new Promise<void>((wake) => {
        this.waiters.push(wake);
        setTimeout(wake, 100);
      });
    }
  }

  /** Waits for a JSON line that has `key` and returns it parsed. */
  async json<T = Record<string, unknown>>(key: string, timeoutMs?: number): Promise<T> {
    return JSON.parse(await this.line(`"${key}"`, timeoutMs)) as T;
  }

  /** All JSON lines printed so far. */
  jsonLines<T = Record<string, unknown>>(): T[] {
    return this.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as T);
  }

  exit(timeoutMs = 30_000): Promise<Exit> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    return this.exited.finally(() => clearTimeout(timer));
  }
}

/** Starts `node test/fixtures/<name>` with `args`. */
export function runFixture(name: string, args: string[] = [], options: SpawnOptions & { nodeArgs?: string[] } = {}): Running {
  const { nodeArgs = [], ...spawnOptions } = options;
  return run(process.execPath, [...nodeArgs, fixturesDir + name, ...args], spawnOptions);
}

/** Starts any command with piped stdio. */
export function run(command: string, args: string[], options: SpawnOptions = {}): Running {
  return new Running(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options }));
}

/** Blocked-signal bit masks of every thread of `pid`, from /proc. */
export async function threadMasks(pid: number): Promise<Array<{ tid: number; name: string; blocked: bigint }>> {
  const { readdir, readFile } = await import('node:fs/promises');
  const result = [];
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    try {
      const status = await readFile(`/proc/${pid}/task/${tid}/status`, 'utf8');
      result.push({
        tid: Number(tid),
        name: /Name:\s*(.*)/.exec(status)![1]!,
        blocked: BigInt('0x' + /SigBlk:\s*(\w+)/.exec(status)![1]),
      });
    } catch {
      // thread exited while listing
    }
  }
  return result;
}

export function bit(signo: number): bigint {
  return 1n << BigInt(signo - 1);
}
