// Child processes that talk in JSON lines: an optional {"ready":true,…} line
// first, then one result line. Every benchmark runs in fresh processes so one
// cannot warm up, fragment or leak into the next.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export const benchDir = new URL('..', import.meta.url).pathname;
export const packageRoot = new URL('../..', import.meta.url).pathname;

export class JsonProcess {
  #lines = [];
  #waiters = [];
  #stderr = '';
  #exit;

  constructor(command, args, { timeoutMs = 300_000, ...options } = {}) {
    this.command = [command, ...args].join(' ');
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: packageRoot, ...options });
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      if (line.startsWith('{')) this.#lines.push(JSON.parse(line));
      this.#wake();
    });
    this.child.stderr.on('data', (chunk) => (this.#stderr += chunk));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    this.#exit = new Promise((resolve) => {
      this.child.on('error', (error) => (this.#stderr += `${error.message}\n`)); // e.g. ENOENT; 'close' follows
      this.child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal });
        this.#wake();
      });
    });
  }

  /** Writes a line to its stdin. */
  send(line) {
    this.child.stdin.write(line + '\n');
  }

  get pid() {
    return this.child.pid;
  }

  #wake() {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #failure(what) {
    return new Error(`${this.command}: ${what}\n${this.#stderr}`);
  }

  /** The first JSON line that has `key`. */
  async line(key) {
    for (;;) {
      const found = this.#lines.find((line) => key in line);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw this.#failure(`exited (${this.child.exitCode ?? this.child.signalCode}) before printing "${key}"`);
      }
      await new Promise((wake) => this.#waiters.push(wake));
    }
  }

  ready() {
    return this.line('ready');
  }

  /** Waits for a clean exit; returns the last JSON line. */
  async result() {
    const { code, signal } = await this.#exit;
    if (code !== 0) throw this.#failure(`exited with ${code ?? signal}`);
    const last = this.#lines.at(-1);
    if (last === undefined || 'ready' in last) throw this.#failure('printed no result');
    return last;
  }

  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.#exit;
  }
}

/** Runs `node bench/drivers/<name>` and returns its result line. */
export function driver(name, args = [], nodeArgs = []) {
  return new JsonProcess(process.execPath, [...nodeArgs, `${benchDir}drivers/${name}`, ...args.map(String)]);
}

/** Runs bench/bin/<name>. */
export function helper(name, args = []) {
  return new JsonProcess(`${benchDir}bin/${name}`, args.map(String));
}
