// 5. Per-watcher cost (memory of 1000 more open watchers) and the package's
// import time: a fresh `node` importing it, against a fresh `node -e 0` and
// against one importing an empty ES module (the ES module loader's own cost).
import { execFileSync } from 'node:child_process';
import { benchDir, driver, packageRoot } from '../lib/processes.mjs';
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
  const commands = {
    bare: ['-e', '0'],
    empty: ['-e', `import(${JSON.stringify(`${benchDir}drivers/empty.mjs`)})`],
    imported: ['-e', "import('signalfd')"],
  };
  const times = { bare: [], empty: [], imported: [] };
  progress(`import time: ${runs} runs each`);
  startupNs(commands.imported); // fill the page cache
  for (let run = 0; run < runs; run++) {
    for (const [name, args] of Object.entries(commands)) times[name].push(startupNs(args));
  }
  const [bareMs, emptyMs, importMs] = ['bare', 'empty', 'imported'].map((name) => median(times[name]) / 1e6);
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
    {
      variant: '… vs importing an empty ES module',
      measured: `${round(importMs, 1)} ms vs ${round(emptyMs, 1)} ms`,
      ratio: `${round(importMs / emptyMs)}× (+${round(importMs - emptyMs, 1)} ms)`,
    },
  ];
  const json = {
    bench: 'footprint',
    ...memory,
    importMs: round(importMs, 2),
    nodeMs: round(bareMs, 2),
    emptyModuleMs: round(emptyMs, 2),
    importRatio: round(importMs / bareMs, 3),
  };
  return { title: '5. Per-watcher cost and import time', rows, json };
}
