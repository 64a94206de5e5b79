// npm run bench [-- --quick] [--only roundtrip,flood,mask,soak,footprint] [--markdown]
// Builds the C helpers, runs each benchmark in fresh processes, prints one
// table and one JSON line per benchmark. Every speed figure is a ratio to a
// baseline measured in this same run; absolute times are shown, not asserted.
// Exits 1 only when a correctness check fails (a signal lost or reordered, an
// fd or handle leaked).
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { parseArgs, styleText } from 'node:util';
import { buildHelpers } from './lib/build.mjs';
import { printTable } from './lib/table.mjs';
import { roundTrip } from './suites/roundtrip.mjs';
import { flood } from './suites/flood.mjs';
import { maskBroadcast } from './suites/mask.mjs';
import { soak } from './suites/soak.mjs';
import { footprint } from './suites/footprint.mjs';

const SUITES = { roundtrip: roundTrip, flood, mask: maskBroadcast, soak, footprint };

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    markdown: { type: 'boolean', default: false },
  },
});
const selected = values.only === undefined ? Object.keys(SUITES) : values.only.split(',');
for (const name of selected) {
  if (!(name in SUITES)) throw new Error(`unknown benchmark ${name}; one of ${Object.keys(SUITES).join(', ')}`);
}

const progress = (text) => process.stderr.write(styleText('dim', `… ${text}\n`));
buildHelpers();
const started = Date.now();
const loadBefore = loadavg()[0];
const results = [];
for (const name of selected) results.push(await SUITES[name]({ quick: values.quick, progress }));

// The machine may be shared: its load says how much the figures can be trusted.
const virtual = /^flags\s*:.*\bhypervisor\b/m.test(readFileSync('/proc/cpuinfo', 'utf8')) ? ' (virtual)' : '';
const machine = `${cpus()[0].model}${virtual}, ${cpus().length} cores, Linux ${release()}, Node ${process.version}`;
const load = `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`;
console.log(`\n${machine}${values.quick ? ', --quick' : ''}, ${Math.round((Date.now() - started) / 1000)} s, ${load}\n`);
printTable(results, { compact: values.markdown });
console.log('');
for (const result of results) console.log(JSON.stringify(result.json));

const failures = results.flatMap((result) => result.failures ?? []);
for (const failure of failures) console.error(styleText('red', `FAILED: ${failure}`));
process.exitCode = failures.length > 0 ? 1 : 0;
