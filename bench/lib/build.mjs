// Compiles bench/c/*.c into bench/bin/ with the system's cc, when stale.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { benchDir } from './processes.mjs';

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

export function buildHelpers() {
  const sources = `${benchDir}c/`;
  const bin = `${benchDir}bin/`;
  mkdirSync(bin, { recursive: true });
  const header = mtime(`${sources}bench_util.h`);
  for (const file of readdirSync(sources).filter((name) => name.endsWith('.c'))) {
    const target = bin + file.slice(0, -2);
    if (mtime(target) > Math.max(mtime(sources + file), header)) continue;
    execFileSync('cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', target, sources + file], { stdio: 'inherit' });
  }
}
