/**
 * Replays every recorded workflow history in test/histories against the current workflow code: a change
 * that would break a running workflow (without patched() or a new workflow type) fails here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../../worker/worker';

const DIR = fileURLToPath(new URL('../histories/', import.meta.url));

describe('recorded workflow histories', async () => {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.json')).sort();

  it('exist for the assignment workflow', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    const history = historyFromJSON(JSON.parse(await readFile(DIR + file, 'utf8')));
    expect(history.events?.length).toBeGreaterThan(5);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
  });
});
