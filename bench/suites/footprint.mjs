// 5. Per-watcher cost (memory of 1000 more open watchers) and the package's
// import time (a fresh `node` importing it, against a fresh `node -e 0`).
import { execFileSync } from 'node:child_process';
import { driver, packageRoot } from '../lib/processes.mjs';
import { median, round } from '../lib/stats.mjs';

function startupNs(args) {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd: packageRoot, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start);
}

export async function footprint({ quick, progress }) {
  const watchers = 1000;
  progress(`footprint: ${watchers} watchers`);
  const memory = await driver('footprint.mjs', [watchers], ['--expose-gc']).result();

  const runs = quick ? 8 : 30;
  const bare = [];
  const imported = [];
  progress(`import time: ${runs} runs each`);
  startupNs(['-e', "import('signalfd')"]); // fill the page cache
  for (let run = 0; run < runs; run++) {
    bare.push(startupNs(['-e', '0']));
    imported.push(startupNs(['-e', "import('signalfd')"]));
  }
  const bareMs = median(bare) / 1e6;
  const importMs = median(imported) / 1e6;
  const rows = [
    {
      variant: `memory per open watcher (${watchers} more on one signal)`,
      measured: `heap ${Math.round(memory.heapPerWatcher)} B, RSS ${Math.round(memory.rssPerWatcher)} B`,
      ratio: `fds +${memory.fdsAdded}`,
    },
    {
      variant: `node -e "import('signalfd')" vs node -e 0`,
      measured: `${round(importMs, 1)} ms vs ${round(bareMs, 1)} ms`,
      ratio: `${round(importMs / bareMs)}× (+${round(importMs - bareMs, 1)} ms)`,
    },
  ];
  const json = { bench: 'footprint', ...memory, importMs: round(importMs, 2), nodeMs: round(bareMs, 2), importRatio: round(importMs / bareMs, 3) };
  return { title: '5. Per-watcher cost and import time', rows, json };
}
