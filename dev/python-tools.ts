/**
 * The Python the tests run (lxml, to parse dondoc's EDXML back as another system would: test/support/edxml_parse_back.py),
 * in a virtualenv under the git-ignored .tools/. `npx tsx dev/python-tools.ts` makes it (.ci/run does, before
 * `npm test`); the tests only look for it and fail, naming this command, when it is missing.
 */
import { execFile } from 'node:child_process';
import { access, rm } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TOOLS_DIR } from './tools';

const run = promisify(execFile);
/** The same lxml the document fixtures are made with (test/fixtures/documents/make.sh). */
const PACKAGES = ['lxml==6.2.1'];
export const PYTHON_TOOLS_VENV = join(TOOLS_DIR, 'python-lxml-6.2.1');
export const PYTHON_TOOLS_PYTHON = join(PYTHON_TOOLS_VENV, 'bin', 'python');
export const PYTHON_TOOLS_COMMAND = 'npx tsx dev/python-tools.ts';

/** Whether the virtualenv's Python imports lxml (a half-made one does not). */
export async function pythonToolsReady(): Promise<boolean> {
  try {
    await access(PYTHON_TOOLS_PYTHON, constants.X_OK);
    await run(PYTHON_TOOLS_PYTHON, ['-c', 'import lxml.etree'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

export async function ensurePythonTools(): Promise<string> {
  if (await pythonToolsReady()) return PYTHON_TOOLS_PYTHON;
  // Made in place (a virtualenv cannot be moved); a half-made one is removed first.
  await rm(PYTHON_TOOLS_VENV, { recursive: true, force: true });
  await run(process.env.PYTHON ?? 'python3', ['-m', 'venv', PYTHON_TOOLS_VENV], { timeout: 120_000 });
  await run(join(PYTHON_TOOLS_VENV, 'bin', 'pip'), ['install', '--quiet', ...PACKAGES], { timeout: 600_000 });
  if (!(await pythonToolsReady())) throw new Error(`lxml did not install into ${PYTHON_TOOLS_VENV}`);
  return PYTHON_TOOLS_PYTHON;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`python with lxml: ${await ensurePythonTools()}\n`);
}
