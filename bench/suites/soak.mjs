// 4. Soak: many watch()/close() cycles, then many signals through one watcher
// (rt_sender), in one process. Leaks show as fds, libuv handles or resident
// memory that grow. Memory growth counts from the end of a warm-up (JIT code
// and malloc arenas reach their working size there); V8's young generation
// keeps growing with the allocation rate, so it is shown apart.
import { signalNumber } from '../../dist/index.js';
import { driver, helper } from '../lib/processes.mjs';
import { round } from '../lib/stats.mjs';

const MB = 1024 * 1024;

const mb = (bytes) => round(bytes / MB, 1);
const signed = (value) => `${value >= 0 ? '+' : ''}${value}`;

// RSS growth, and how much of it is V8 enlarging its young generation (it
// grows with the allocation rate, up to a fixed size) rather than memory kept.
function compare(label, before, after) {
  const same = before.fds === after.fds && before.handles === after.handles && before.epollWatches === after.epollWatches;
  const growth = (after.rss - before.rss) / MB;
  const youngGrowth = (after.youngGeneration - before.youngGeneration) / MB;
  return {
    variant: label,
    measured:
      `fds ${before.fds}→${after.fds}, handles ${before.handles}→${after.handles}, epoll watches ${before.epollWatches}→${after.epollWatches}, ` +
      `RSS ${mb(before.rss)}→${mb(after.rss)} MB, ` +
      `V8 young generation ${mb(before.youngGeneration)}→${mb(after.youngGeneration)} MB, JS heap used ${mb(before.heapUsed)}→${mb(after.heapUsed)} MB`,
    ratio: `RSS ${signed(round(growth, 1))} MB, without the young generation ${signed(round(growth - youngGrowth, 1))} MB`,
    target: 'fds, handles, epoll equal; RSS < +10 MB',
    met: same && growth < 10,
    leak: !same,
  };
}

export async function soak({ quick, progress }) {
  const cycles = quick ? 2_000 : 10_000;
  const count = quick ? 100_000 : 1_000_000;
  const signo = signalNumber('SIGRTMIN+8');
  progress(`soak: ${cycles} watch()/close() cycles, then ${count} signals`);
  const soaker = driver('soak.mjs', [cycles, signo, count], ['--expose-gc']);
  const { pid } = await soaker.ready();
  await helper('rt_sender', [pid, signo, count]).result();
  const result = await soaker.result();
  const whole = compare('whole run, start → watcher closed', result.start, result.afterClose);
  const rows = [
    {
      ...compare(`${cycles.toLocaleString('en')} watch()/close() cycles`, result.afterWarmup, result.afterCycles),
      check: `${Math.round(cycles / (result.cyclesNs / 1e9))} cycles/s`,
    },
    {
      ...compare(`${count.toLocaleString('en')} signals through one watcher`, result.beforeFlood, result.afterFlood),
      check: result.flood.received === count && result.flood.misordered === 0 ? 'all, in order' : 'LOST OR REORDERED',
    },
    // From the very start, warm-up included: fds and handles must still match.
    { ...whole, target: 'fds, handles, epoll equal', met: !whole.leak },
  ];
  const failures = [];
  if (result.flood.received !== count || result.flood.misordered !== 0) failures.push(`soak: flood received ${result.flood.received} of ${count}`);
  for (const row of rows) if (row.leak) failures.push(`soak: ${row.variant}: ${row.measured}`);
  return { title: '4. Soak (one process)', rows, json: { bench: 'soak', cycles, signals: count, ...result }, failures };
}
