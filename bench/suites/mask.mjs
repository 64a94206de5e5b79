// 3. Process-wide sigprocmask: every thread's mask changed by the broadcast
// and verified in /proc. Times block and unblock calls in three processes:
// Node's default threads, the libuv threadpool started, 8 idle workers more.
import { driver } from '../lib/processes.mjs';
import { median, percentile, round } from '../lib/stats.mjs';

const MODES = [
  { mode: 'default', name: "Node's default threads" },
  { mode: 'threadpool', name: 'threadpool started' },
  { mode: 'workers', name: 'threadpool + 8 workers' },
];

export async function maskBroadcast({ quick, progress }) {
  const count = quick ? 50 : 300;
  const results = [];
  for (const { mode, name } of MODES) {
    progress(`mask broadcast: ${name}`);
    const { threads, block, unblock } = await driver('mask.cjs', [mode, count]).result();
    const calls = [...block, ...unblock];
    results.push({ mode, name, threads, medianNs: median(calls), p90Ns: percentile(calls, 0.9), maxNs: Math.max(...calls) });
  }
  const base = results[0].medianNs;
  const ms = (ns) => `${round(ns / 1e6, 3)} ms`;
  const rows = results.map((result, index) => ({
    variant: `${result.name} (${result.threads} threads)`,
    measured: `median ${ms(result.medianNs)}, p90 ${ms(result.p90Ns)}`,
    ratio: index === 0 ? 'baseline' : `${round(result.medianNs / base)}× default`,
    ...(result.mode === 'workers' && { target: 'median < 1 ms', met: result.medianNs < 1e6 }),
  }));
  const json = {
    bench: 'mask',
    callsPerMode: count * 2,
    modes: results.map(({ mode, threads, medianNs, p90Ns, maxNs }) => ({ mode, threads, medianNs, p90Ns, maxNs })),
  };
  return { title: '3. Mask broadcast (one process-wide sigprocmask call)', rows, json };
}
