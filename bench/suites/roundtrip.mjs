// 1. Round trip: SIGUSR1 to the C echo peer, its SIGUSR2 back, through each
// driver. Drivers run interleaved, repeatedly. Other work on the machine only
// ever adds time, so each driver's figure is its best repetition (the
// medians are in the JSON line).
import { driver, helper } from '../lib/processes.mjs';
import { median, round } from '../lib/stats.mjs';

const best = (values) => Math.min(...values);

const DRIVERS = [
  { name: 'C signalfd (limit)', start: (peer, n, w) => helper('roundtrip_driver', [peer, n, w]) },
  { name: 'watch() + for await', start: (peer, n, w) => driver('roundtrip.mjs', ['watch', peer, n, w]) },
  { name: 'readSiginfo() blocking fd', start: (peer, n, w) => driver('roundtrip.mjs', ['readSiginfo', peer, n, w]) },
  { name: 'fs.read() of a blocking signalfd', start: (peer, n, w) => driver('roundtrip.mjs', ['fs.read', peer, n, w]) },
  { name: "process.on('SIGUSR2')", start: (peer, n, w) => driver('roundtrip.mjs', ['process.on', peer, n, w]) },
];

async function once(start, count, warmup) {
  const peer = helper('echo_peer');
  try {
    const { pid } = await peer.ready();
    const { ns, cpuNs } = await start(pid, count, warmup).result();
    return { ns: ns / count, cpuNs: cpuNs / count };
  } finally {
    await peer.stop();
  }
}

export async function roundTrip({ quick, progress }) {
  const count = quick ? 10_000 : 20_000;
  // Enough for V8 to optimise the JavaScript drivers' paths before timing.
  const warmup = 5_000;
  const reps = quick ? 5 : 12;
  const samples = new Map(DRIVERS.map(({ name }) => [name, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const { name, start } of DRIVERS) {
      progress(`round trip ${rep + 1}/${reps}: ${name}`);
      samples.get(name).push(await once(start, count, warmup));
    }
  }
  const summary = (key, statistic) =>
    Object.fromEntries([...samples].map(([name, values]) => [name, statistic(values.map((value) => value[key]))]));
  const ns = summary('ns', best);
  const cpuNs = summary('cpuNs', best);
  const [c, watchNs, sync, fsRead, processOn] = DRIVERS.map(({ name }) => ns[name]);
  const vsProcessOn = processOn / watchNs;
  const vsC = c / watchNs;
  const measured = (name) =>
    `${round(ns[name] / 1000)} µs (${Math.round(1e9 / ns[name]).toLocaleString('en')}/s), CPU ${round(cpuNs[name] / 1000)} µs`;
  const rows = [
    { variant: DRIVERS[0].name, measured: measured(DRIVERS[0].name), ratio: 'baseline' },
    {
      variant: DRIVERS[1].name,
      measured: measured(DRIVERS[1].name),
      ratio: `${round(vsProcessOn)}× process.on, ${round(vsC)}× C`,
      target: '≥ 1.15× process.on, ≥ 0.75× C',
      met: vsProcessOn >= 1.15 && vsC >= 0.75,
    },
    { variant: `${DRIVERS[2].name} (sync, blocks the loop)`, measured: measured(DRIVERS[2].name), ratio: `${round(c / sync)}× C` },
    { variant: `${DRIVERS[3].name} (callback from public pieces; the package has no callback API)`, measured: measured(DRIVERS[3].name), ratio: `${round(c / fsRead)}× C` },
    { variant: DRIVERS[4].name, measured: measured(DRIVERS[4].name), ratio: `${round(c / processOn)}× C` },
  ];
  const rounded = (values) => Object.fromEntries(Object.entries(values).map(([name, value]) => [name, round(value, 0)]));
  const json = {
    bench: 'roundtrip',
    roundTrips: count,
    reps,
    nsPerRoundTrip: rounded(ns),
    cpuNsPerRoundTrip: rounded(cpuNs),
    medianNsPerRoundTrip: rounded(summary('ns', median)),
    medianCpuNsPerRoundTrip: rounded(summary('cpuNs', median)),
    samples: Object.fromEntries([...samples].map(([name, values]) => [name, values.map((value) => round(value.ns, 0))])),
    watchVsProcessOn: round(vsProcessOn, 3),
    watchVsC: round(vsC, 3),
  };
  return {
    title: `1. Round trip (best of ${reps} runs of ${count.toLocaleString('en')}; rate = 1 / time; CPU = the driver process, all threads)`,
    rows,
    json,
  };
}
