// Results of the CI steps, one JSON file per step in a results directory.
//   node .ci/summary.mjs record <file> <label> <seconds> <exit code>
//     completes what a step wrote (or records a failure if it wrote nothing)
//   node .ci/summary.mjs print <dir>
//     prints one line per step, the skip reasons and failures, then the total
//     as 'N passed, N failed, N skipped'; exits 1 if anything failed.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [verb, ...args] = process.argv.slice(2);

if (verb === 'record') {
  const [file, label, seconds, exitCode] = args;
  const result = existsSync(file)
    ? JSON.parse(readFileSync(file, 'utf8'))
    : { passed: 0, failed: 1, skipped: 0, failures: ['the step reported no results'], skips: [] };
  // A runner that exits non-zero with nothing failed still failed (a crash, a
  // timeout of the whole run); count it so the total says so.
  if (Number(exitCode) !== 0 && result.failed === 0) {
    result.failed = 1;
    result.failures.push(`exited with code ${exitCode}`);
  }
  Object.assign(result, { label, seconds: Number(seconds), exitCode: Number(exitCode) });
  writeFileSync(file, JSON.stringify(result, null, 2));
} else if (verb === 'print') {
  const [dir] = args;
  const results = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')));
  const width = Math.max(...results.map((result) => result.label.length));
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log('\n=== CI summary ===');
  for (const result of results) {
    for (const key of Object.keys(total)) total[key] += result[key];
    const status = result.failed ? 'FAIL' : 'ok  ';
    console.log(
      `${status} ${result.label.padEnd(width)}  ${result.passed} passed, ${result.failed} failed, ` +
        `${result.skipped} skipped  (${result.seconds}s)`,
    );
  }
  // Each skipped test and failure once, with the runs it happened in.
  const runsOf = (kind, describe) => {
    const runs = new Map();
    for (const result of results) {
      for (const item of result[kind]) {
        const key = describe(item);
        runs.set(key, [...(runs.get(key) ?? []), result.label]);
      }
    }
    return runs;
  };
  const allRuns = (labels) => (labels.length === results.length ? 'every run' : labels.join('; '));
  for (const [what, labels] of runsOf('skips', (skip) => `${skip.name}\n    why: ${skip.reason}`)) {
    console.log(`skipped  ${what}\n    in ${allRuns(labels)}`);
  }
  for (const [what, labels] of runsOf('failures', (failure) => failure)) {
    console.log(`FAILED   ${what}\n    in ${allRuns(labels)}`);
  }
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exitCode = total.failed ? 1 : 0;
} else {
  console.error('usage: summary.mjs record <file> <label> <seconds> <exit code> | print <dir>');
  process.exitCode = 2;
}
