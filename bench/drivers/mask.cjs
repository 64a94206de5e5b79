// Times process-wide sigprocmask (block then unblock SIGUSR2, COUNT times each)
// with Node's default threads, with the libuv threadpool started, or with 8
// idle worker threads as well. CommonJS so that loading starts no threadpool.
// Usage: node mask.cjs default|threadpool|workers COUNT
const { readdirSync, stat } = require('node:fs');
const { Worker } = require('node:worker_threads');
const { sigprocmask } = require('../../dist/index.js');

const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg);

async function prepare() {
  if (mode === 'default') return [];
  await new Promise((resolve) => stat('/', resolve)); // first threadpool work starts the pool
  if (mode === 'threadpool') return [];
  const workers = Array.from({ length: 8 }, () => new Worker('setInterval(() => {}, 60_000)', { eval: true }));
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('online', resolve))));
  return workers;
}

function timeNs(action) {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start);
}

(async () => {
  const workers = await prepare();
  const threads = readdirSync('/proc/self/task').length;
  const block = [];
  const unblock = [];
  for (let i = 0; i < count; i++) {
    block.push(timeNs(() => sigprocmask('block', ['SIGUSR2'])));
    unblock.push(timeNs(() => sigprocmask('unblock', ['SIGUSR2'])));
  }
  for (const worker of workers) await worker.terminate();
  console.log(JSON.stringify({ mode, threads, block, unblock }));
})();
