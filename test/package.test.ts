// The npm tarball as `npm pack` makes it: exactly the built JS and types, the
// sources to rebuild the addon, and a prebuild for each supported platform.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { packageRoot } from './helpers.js';

interface PackedFile {
  path: string;
  mode: number;
}

const platforms = ['linux-x64', 'linux-arm64'] as const;
// ELF e_machine of each platform's binaries.
const elfMachine = { 'linux-x64': 62, 'linux-arm64': 183 } as const;

/** What may be in the tarball; anything else is junk. */
const allowed = [
  /^(LICENSE|README\.md|package\.json|binding\.gyp)$/,
  /^dist\/.+\.(js|d\.ts)$/,
  /^src-native\/[\w-]+\.(cc|c|h)$/,
  /^prebuilds\/linux-(x64|arm64)\/[\w.-]+$/,
];

const packageJson = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8'));
let packed: Map<string, PackedFile>;

beforeAll(() => {
  // --ignore-scripts: `prepare` would rebuild dist/ under the feet of other test files.
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: packageRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [report] = JSON.parse(output) as [{ files: PackedFile[] }];
  packed = new Map(report.files.map((file) => [file.path, file]));
});

/**
 * Outside CI a fresh clone has no prebuilds until `npm run prebuild`: say
 * so and skip. In CI (.ci/run builds them first) their absence fails the test.
 */
function skipWithoutPrebuilds(context: TestContext): void {
  const missing = platforms.filter((platform) => !existsSync(join(packageRoot, 'prebuilds', platform, 'signalfd.glibc.node')));
  if (missing.length && !process.env.CI) {
    const reason = `no prebuilds for ${missing.join(', ')} here: run \`npm run prebuild\` (.ci/run builds them before the tests)`;
    console.warn(`skipped: ${reason}`);
    context.skip(reason);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(packageRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(packageRoot, join(entry.parentPath, entry.name)));
}

describe('npm tarball', () => {
  it('holds nothing but the allowed files', () => {
    const junk = [...packed.keys()].filter((path) => !allowed.some((pattern) => pattern.test(path)));
    expect(junk).toEqual([]);
  });

  it('has README, LICENSE and the sources to rebuild the addon', () => {
    for (const path of ['README.md', 'LICENSE', 'package.json', 'binding.gyp']) expect(packed.has(path), path).toBe(true);
    const sources = filesUnder('src-native');
    expect(sources.length).toBeGreaterThan(0);
    for (const path of sources) expect(packed.has(path), path).toBe(true);
  });

  it('has the JS and the types of every TypeScript module, and what exports and bin name', () => {
    const modules = filesUnder('src').filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts'));
    for (const module of modules) {
      const base = module.replace(/^src\//, 'dist/').replace(/\.ts$/, '');
      expect(packed.has(`${base}.js`), `${base}.js`).toBe(true);
      expect(packed.has(`${base}.d.ts`), `${base}.d.ts`).toBe(true);
    }
    const entry = packageJson.exports['.'];
    for (const target of [entry.types, entry.default, ...Object.values<string>(packageJson.bin ?? {})]) {
      expect(packed.has(target.replace(/^\.\//, '')), target).toBe(true);
    }
  });

  it('has a prebuild of the addon and its programs for each platform, built for that CPU', (context) => {
    skipWithoutPrebuilds(context);
    const programs = (platform: string) =>
      readdirSync(join(packageRoot, 'prebuilds', platform)).filter((name) => !name.endsWith('.node')).sort();
    for (const platform of platforms) {
      const addon = `prebuilds/${platform}/signalfd.glibc.node`;
      expect(packed.has(addon), addon).toBe(true);
      expect(readFileSync(join(packageRoot, addon)).readUInt16LE(18), `${addon} e_machine`).toBe(elfMachine[platform]);
      // The helper programs travel beside the addon, the same ones on every platform.
      expect(programs(platform)).toEqual(programs(platforms[0]));
      for (const program of programs(platform)) {
        const path = `prebuilds/${platform}/${program}`;
        expect(packed.get(path)?.mode, `${path} is executable`).toBe(0o755);
        expect(readFileSync(join(packageRoot, path)).readUInt16LE(18), `${path} e_machine`).toBe(elfMachine[platform]);
      }
    }
  });

  it('needs no newer glibc or libstdc++ than the README states', (context) => {
    skipWithoutPrebuilds(context);
    const addons = platforms.map((platform) => join(packageRoot, 'prebuilds', platform, 'signalfd.glibc.node'));
    // The versioned symbols a binary needs are named in its dynamic string table.
    const newest = (binary: Buffer, library: string) =>
      [...binary.toString('latin1').matchAll(new RegExp(`\\b${library}_(\\d+(?:\\.\\d+)+)\\b`, 'g'))]
        .map((match) => match[1]!.split('.').map(Number))
        .sort((a, b) => compareVersions(b, a))[0]!
        .join('.');
    const readme = readFileSync(join(packageRoot, 'README.md'), 'utf8');
    for (const addon of addons) {
      const binary = readFileSync(addon);
      const glibc = newest(binary, 'GLIBC');
      const glibcxx = newest(binary, 'GLIBCXX');
      expect(readme, `README names glibc ${glibc} for ${addon}`).toContain(`glibc ≥ ${glibc}`);
      expect(readme, `README names GLIBCXX_${glibcxx} for ${addon}`).toContain(`GLIBCXX_${glibcxx}`);
    }
  });
});

describe('package.json', () => {
  it('claims exactly the platforms that have prebuilds', () => {
    expect(packageJson.os).toEqual(['linux']);
    expect(packageJson.cpu).toEqual(['x64', 'arm64']);
  });

  it('names in engines exactly the Node majors that CI tests', () => {
    const tested = new Set<number>();
    const versions = readFileSync(join(packageRoot, '.ci/node-versions'), 'utf8');
    for (const [, major] of versions.matchAll(/^\s*(?:x64|arm64):(\d+)\./gm)) tested.add(Number(major));
    const claimed = new Set(
      (packageJson.engines.node as string).split('||').map((range) => Number(/\^(\d+)\./.exec(range)![1])),
    );
    expect([...claimed].sort((a, b) => a - b)).toEqual([...tested].sort((a, b) => a - b));
  });
});

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference) return difference;
  }
  return 0;
}
