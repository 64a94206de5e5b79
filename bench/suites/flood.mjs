// 2. Real-time flood: rt_sender sigqueue()s payloads 0..N-1; the C reader and
// watch() must each receive all of them exactly once, in order.
//  - flood: sender and receiver run together (the sender retries while the
//    queue is full), as a real flood would; whichever is slower sets the rate.
//  - drain: the sender queues everything first, then the receiver reads the
//    full queue alone: the receiver's own rate. The queue holds at most
//    RLIMIT_SIGPENDING signals per user, so this uses a smaller count.
import { readFileSync } from 'node:fs';
import { signalNumber } from '../../dist/index.js';
import { driver, helper } from '../lib/processes.mjs';
import { median, round } from '../lib/stats.mjs';

const SIGNAL = 'SIGRTMIN+8';

function pendingLimit() {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((text) => text.startsWith('Max pending signals'));
  return Number(line.split(/\s{2,}/)[1]);
}

const RECEIVERS = [
  { name: 'C signalfd reader, 64 per read (limit)', start: (signo, n, mode) => helper('rt_reader', [signo, n, ...(mode === 'drain' ? ['drain'] : [])]) },
  { name: 'watch() + next()', start: (signo, n, mode) => driver('flood.mjs', [signo, n, mode, 'next']) },
  { name: 'watch() + nextBatch()', start: (signo, n, mode) => driver('flood.mjs', [signo, n, mode, 'batches']) },
];

async function receive(receiver, signo, count, drain) {
  const running = receiver.start(signo, count, drain ? 'drain' : 'stream');
  const { pid } = await running.ready();
  const sent = await helper('rt_sender', [pid, signo, count, ...(drain ? ['noretry'] : [])]).result();
  if (drain) running.send('go');
  const received = await running.result();
  return { ...received, queueFull: sent.queueFull };
}

async function measure(name, count, reps, drain, progress) {
  const signo = signalNumber(SIGNAL);
  const samples = RECEIVERS.map(() => []);
  const failures = [];
  const exactly = RECEIVERS.map(() => true);
  for (let rep = 0; rep < reps; rep++) {
    for (const [index, receiver] of RECEIVERS.entries()) {
      progress(`${name} ${rep + 1}/${reps}: ${receiver.name}`);
      const result = await receive(receiver, signo, count, drain);
      if (result.received !== count || result.misordered !== 0) {
        exactly[index] = false;
        failures.push(`${name}/${receiver.name}: received ${result.received} of ${count}, ${result.misordered} out of order`);
      }
      samples[index].push(result);
    }
  }
  // Other work on the machine only slows a receiver down: each rate is its best repetition.
  const rates = samples.map((results) => Math.max(...results.map((result) => count / (result.ns / 1e9))));
  const medianRates = samples.map((results) => median(results.map((result) => count / (result.ns / 1e9))));
  // A sender that never found the queue full set the pace itself.
  const waits = samples.map((results) => median(results.map((result) => result.queueFull)));
  const pace = (index) => (drain ? '' : `, sender found the queue full ${waits[index].toLocaleString('en')}×`);
  const ratios = rates.map((rate) => rate / rates[0]);
  const exact = (index) => (exactly[index] ? `all ${count.toLocaleString('en')} exactly once, in order` : 'LOST OR REORDERED');
  const rows = RECEIVERS.map((receiver, index) => ({
    variant: `${name}: ${receiver.name}`,
    measured: `${Math.round(rates[index]).toLocaleString('en')}/s${pace(index)}`,
    ratio: index === 0 ? 'baseline' : `${round(ratios[index])}× C`,
    ...(index > 0 && { target: '≥ 0.9× C', met: ratios[index] >= 0.9 }),
    check: exact(index),
  }));
  const json = {
    count,
    reps,
    recordsPerSecond: { c: Math.round(rates[0]), watch: Math.round(rates[1]), watchBatches: Math.round(rates[2]) },
    medianRecordsPerSecond: { c: Math.round(medianRates[0]), watch: Math.round(medianRates[1]), watchBatches: Math.round(medianRates[2]) },
    watchVsC: round(ratios[1], 3),
    watchBatchesVsC: round(ratios[2], 3),
    senderQueueFull: samples.map((results) => results.map((result) => result.queueFull)),
  };
  return { rows, json, failures };
}

export async function flood({ quick, progress }) {
  const count = quick ? 100_000 : 1_000_000;
  const drainCount = Math.min(count, Math.floor(pendingLimit() * 0.9));
  const streaming = await measure('flood', count, 3, false, progress);
  const drained = await measure('drain', drainCount, quick ? 2 : 5, true, progress);
  const rows = [
    ...streaming.rows,
    ...drained.rows,
    { variant: `process.on('${SIGNAL}')`, measured: 'cannot: Node has no events for real-time signals', ratio: '' },
  ];
  return {
    title: `2. Real-time flood (${SIGNAL}, sigqueue payloads 0..N-1; best repetition)`,
    rows,
    json: { bench: 'flood', signal: SIGNAL, flood: streaming.json, drain: drained.json },
    failures: [...streaming.failures, ...drained.failures],
  };
}
