// Round trips with the echo peer (bench/c/echo_peer.c): send SIGUSR1, wait for
// its SIGUSR2, `warmup + count` times; prints the time of the last `count`
// and the CPU time (user + system, all threads) this process spent on them.
// Usage: node roundtrip.mjs watch|readSiginfo|fs.read|process.on PEER_PID COUNT WARMUP
import { read } from 'node:fs';
import { decodeSiginfo, readSiginfo, signalfd, SFD_CLOEXEC, SIGINFO_SIZE, sigprocmask, watch } from '../../dist/index.js';

const [mode, peerArg, countArg, warmupArg] = process.argv.slice(2);
const peer = Number(peerArg);
const count = Number(countArg);
const warmup = Number(warmupArg);
const total = warmup + count;

function mark() {
  return { ns: process.hrtime.bigint(), cpu: process.cpuUsage() };
}

function fromPeer(info) {
  if (info.pid !== peer) throw new Error(`SIGUSR2 from ${info.pid}, not the peer ${peer}`);
}

// The public async path: an async iterator over a watcher.
async function viaWatch() {
  let start = mark();
  let received = 0;
  const watcher = watch('SIGUSR2');
  process.kill(peer, 'SIGUSR1');
  for await (const info of watcher) {
    fromPeer(info);
    if (++received === total) break;
    if (received === warmup) start = mark();
    process.kill(peer, 'SIGUSR1');
  }
  return start;
}

// The public synchronous path: a blocking signalfd read with readSiginfo().
// It blocks the event loop while it waits.
function viaReadSiginfo() {
  let start = mark();
  sigprocmask('block', ['SIGUSR2']);
  const fd = signalfd(-1, ['SIGUSR2'], SFD_CLOEXEC);
  for (let received = 0; received < total; received++) {
    if (received === warmup) start = mark();
    process.kill(peer, 'SIGUSR1');
    fromPeer(readSiginfo(fd, 1)[0]);
  }
  return start;
}

// A callback path from public pieces: fs.read() of a blocking signalfd, which
// waits in a libuv threadpool thread and calls back on the loop.
function viaFsRead() {
  let start = mark();
  let received = 0;
  sigprocmask('block', ['SIGUSR2']);
  const fd = signalfd(-1, ['SIGUSR2'], SFD_CLOEXEC);
  const record = Buffer.alloc(SIGINFO_SIZE);
  return new Promise((resolve, reject) => {
    const onRead = (error) => {
      if (error) return reject(error);
      fromPeer(decodeSiginfo(record)[0]);
      if (++received === total) return resolve(start);
      if (received === warmup) start = mark();
      process.kill(peer, 'SIGUSR1');
      read(fd, record, 0, SIGINFO_SIZE, null, onRead);
    };
    process.kill(peer, 'SIGUSR1');
    read(fd, record, 0, SIGINFO_SIZE, null, onRead);
  });
}

// Node's own signal events (no siginfo: the sender cannot be checked). Their
// handles are unref'd, so a timer keeps the process alive meanwhile.
function viaProcessOn() {
  let start = mark();
  let received = 0;
  const keepAlive = setInterval(() => {}, 60_000);
  return new Promise((resolve) => {
    process.on('SIGUSR2', () => {
      if (++received === total) {
        clearInterval(keepAlive);
        return resolve(start);
      }
      if (received === warmup) start = mark();
      process.kill(peer, 'SIGUSR1');
    });
    process.kill(peer, 'SIGUSR1');
  });
}

const drivers = { watch: viaWatch, readSiginfo: viaReadSiginfo, 'fs.read': viaFsRead, 'process.on': viaProcessOn };
const start = await drivers[mode]();
const ns = Number(process.hrtime.bigint() - start.ns);
const { user, system } = process.cpuUsage(start.cpu);
console.log(JSON.stringify({ roundTrips: count, ns, cpuNs: (user + system) * 1000 }));
process.exit(0);
