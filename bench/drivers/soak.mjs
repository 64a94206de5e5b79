// Soak: CYCLES watch()/close() pairs, then COUNT real-time signals through one
// watcher (sent by rt_sender once this prints ready). Resources are sampled at
// the start, after a warm-up of CYCLES/10 cycles, and around each phase. Each
// cycle closes a watcher with a next() pending and lets the event loop turn,
// as a program that watches per task would.
// Usage: node --expose-gc soak.mjs CYCLES SIGNO COUNT
import { watch } from '../../dist/index.js';
import { receiveFlood } from './flood_receiver.mjs';
import { resources } from './resources.mjs';

const [cycles, signo, count] = process.argv.slice(2).map(Number);

async function cycle(times) {
  for (let i = 0; i < times; i++) {
    const watcher = watch('SIGUSR2');
    const pending = watcher.next();
    watcher.close();
    if (!(await pending).done) throw new Error('a closed watcher yielded a record');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// stdout's handle opens with the first line printed: print before sampling.
console.log(JSON.stringify({ started: true }));
const start = await resources();
await cycle(cycles / 10);
const afterWarmup = await resources();
const cyclesStart = process.hrtime.bigint();
await cycle(cycles);
const cyclesNs = Number(process.hrtime.bigint() - cyclesStart);
const afterCycles = await resources();

const watcher = watch(signo);
const beforeFlood = await resources();
console.log(JSON.stringify({ ready: true, pid: process.pid }));
const flood = await receiveFlood(watcher, count);
const afterFlood = await resources();
watcher.close();
const afterClose = await resources();

console.log(
  JSON.stringify({ cyclesNs, start, afterWarmup, afterCycles, flood, beforeFlood, afterFlood, afterClose }),
);
