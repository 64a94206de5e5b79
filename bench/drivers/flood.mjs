// Flood receiver through watch(): prints ready, then receives COUNT records of
// SIGNO from rt_sender as they come. With "drain", the signal is only blocked
// until a line arrives on stdin (the sender has queued everything by then);
// then a watcher opens and reads the queue, timed from that line. A warm-up
// first sends this process signals through a watcher, so that V8 has
// optimised the path (the C reader needs none): the queue is short enough for
// the first, unoptimised thousands to count.
// Usage: node flood.mjs SIGNO COUNT stream|drain [next|batches]
import { once } from 'node:events';
import { sigprocmask, sigqueue, watch } from '../../dist/index.js';
import { receiveFlood } from './flood_receiver.mjs';

const [signoArg, countArg, mode, style = 'next'] = process.argv.slice(2);
const signo = Number(signoArg);
const count = Number(countArg);
const ready = JSON.stringify({ ready: true, pid: process.pid });

async function warmUp() {
  const watcher = watch(signo);
  for (let round = 0; round < 5; round++) {
    for (let value = 0; value < 10_000; value++) sigqueue(process.pid, signo, value);
    await receiveFlood(watcher, 10_000, style);
  }
  watcher.close();
}

if (mode === 'drain') {
  sigprocmask('block', [signo]);
  await warmUp();
  console.log(ready);
  await once(process.stdin, 'data');
  process.stdin.destroy();
  const start = process.hrtime.bigint();
  const result = await receiveFlood(watch(signo), count, style);
  console.log(JSON.stringify({ ...result, ns: Number(process.hrtime.bigint() - start) }));
} else {
  const watcher = watch(signo);
  console.log(ready);
  console.log(JSON.stringify(await receiveFlood(watcher, count, style)));
}
process.exit(0);
