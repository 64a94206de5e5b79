// Loading the package: from CommonJS, and the refusal on other systems.
import { expect, test } from 'vitest';
import { fixturesDir, packageRoot, run, runFixture } from './helpers.js';

test('require() from CommonJS loads and works', async () => {
  const child = runFixture('core-require.cjs');
  expect(await child.exit()).toMatchObject({ code: 0 });
  expect(JSON.parse(child.lines[0]!)).toEqual({ name: 'SIGTERM', mask: ['SIGUSR2'] });
});

test('importing on another platform throws, naming the platform', async () => {
  const child = run(process.execPath, ['--import', `${fixturesDir}core-fake-platform.mjs`, `${packageRoot}dist/index.js`]);
  const exit = await child.exit();
  expect(exit.code).toBe(1);
  expect(exit.stderr).toContain("signalfd is Linux-only: it wraps Linux's signalfd(2) and per-thread signal masks, and this is darwin.");
});
