/**
 * The house's guard rails hold over the whole tree: the import rules fail on a deliberate breach of each direction
 * (test/fixtures/guard-rails/), the type check covers every source folder, and every setting is documented.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../../config/env';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/guard-rails');
const run = promisify(execFile);

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

describe('import rules (.dependency-cruiser.cjs)', () => {
  it('fail on a deliberate breach of each forbidden direction, and let a workflow import a type', async () => {
    const cruise = await run(
      join(ROOT, 'node_modules/.bin/depcruise'),
      [
        '--config',
        join(ROOT, '.dependency-cruiser.cjs'),
        '--output-type',
        'json',
        'api',
        'web',
        'services',
        'config',
        'worker',
        'workflows',
        'domain',
      ],
      { cwd: FIXTURE, maxBuffer: 16 * 1024 * 1024 },
    ).catch((err: { stdout: string }) => err); // depcruise exits non-zero when it finds violations
    const { summary } = JSON.parse(cruise.stdout) as { summary: { violations: Violation[] } };
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual(
      [
        'adapters-not-db: api/breach.ts → db/target.ts',
        'adapters-not-db: web/breach.ts → db/target.ts',
        'config-not-worker: config/breach.ts → worker/target.ts',
        'domain-pure: domain/breach.ts → services/target.ts',
        'production-not-dev: worker/breach.ts → dev/target.ts',
        'services-not-adapters: services/breach.ts → api/target.ts',
        'workflows-only-contract: workflows/breach.ts → activities/target.ts',
      ].sort(),
    );
  }, 60_000);
});

describe('authorization in the core (eslint.config.js)', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const messagesOf = async (path: string, code: string) =>
    (await eslint.lintText(code, { filePath: join(ROOT, path) }))[0]!.messages.map((m) => m.ruleId);
  const breaches = [
    "export const may = (p: { role: string }) => p.role === 'coordinator';",
    "export const may = (p: { role: string }) => 'admin' !== p.role;",
    "export const may = (p: { role: string }) => ['admin', 'coordinator'].includes(p.role);",
  ];

  it('refuses a role list in the API or the web, and allows it in the services', async () => {
    for (const code of breaches) {
      expect(await messagesOf('api/routes/breach.ts', code)).toContain('no-restricted-syntax');
      expect(await messagesOf('web/routes/breach.tsx', code)).toContain('no-restricted-syntax');
      expect(await messagesOf('services/breach.ts', code)).not.toContain('no-restricted-syntax');
    }
  }, 60_000);

  it("lets an adapter show a unit officer's own view", async () => {
    expect(await messagesOf('web/routes/view.tsx', "export const inbox = (p: { role: string }) => p.role === 'unit';")).toEqual([]);
  }, 60_000);
});

describe('the type check', () => {
  it('covers every folder of the repository that holds TypeScript', () => {
    const { include } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    const ignored = new Set(['node_modules', '.git', '.tools', '.data', 'coverage', 'dist']);
    const holdsTypeScript = (dir: string): boolean =>
      readdirSync(dir, { withFileTypes: true }).some((e) =>
        e.isDirectory() ? !ignored.has(e.name) && holdsTypeScript(join(dir, e.name)) : /\.tsx?$/.test(e.name),
      );
    const folders = readdirSync(ROOT).filter(
      (name) => !ignored.has(name) && statSync(join(ROOT, name)).isDirectory() && holdsTypeScript(join(ROOT, name)),
    );
    expect(folders.length).toBeGreaterThan(10);
    expect(folders.filter((f) => !include.includes(f))).toEqual([]);
  });
});

describe('settings', () => {
  it('.env.example documents every setting the environment schema reads', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    expect(SETTING_NAMES.filter((name) => !new RegExp(`^${name}=`, 'm').test(example))).toEqual([]);
  });
  it('the core and the adapters read no setting from process.env (config/env.ts does)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(e.name) && /process\.env\b/.test(readFileSync(path, 'utf8'))) offenders.push(path.slice(ROOT.length + 1));
      }
    };
    for (const folder of ['domain', 'services', 'api', 'web', 'workflows', 'activities', 'db']) walk(join(ROOT, folder));
    expect(offenders).toEqual([]);
  });
});
