// Flood receiver through watch(): prints ready, then receives COUNT records of
// SIGNO from rt_sender as they come. With "drain", the signal is only blocked
// until a line arrives on stdin (the sender has queued everything by then);
// then a watcher opens and reads the queue, timed from that line.
// Usage: node flood.mjs SIGNO COUNT [drain]
import { once } from 'node:events';
import { sigprocmask, watch } from '../../dist/index.js';
import { receiveFlood } from './flood_receiver.mjs';

const [signoArg, countArg, mode] = process.argv.slice(2);
const signo = Number(signoArg);
const count = Number(countArg);
const ready = JSON.stringify({ ready: true, pid: process.pid });

if (mode === 'drain') {
  sigprocmask('block', [signo]);
  console.log(ready);
  await once(process.stdin, 'data');
  process.stdin.destroy();
  const start = process.hrtime.bigint();
  const result = await receiveFlood(watch(signo), count);
  console.log(JSON.stringify({ ...result, ns: Number(process.hrtime.bigint() - start) }));
} else {
  const watcher = watch(signo);
  console.log(ready);
  console.log(JSON.stringify(await receiveFlood(watcher, count)));
}
process.exit(0);
