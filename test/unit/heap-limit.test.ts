import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { capNewThreadHeaps } from '../../worker/heap-limit';

const MiB = 1024 * 1024;

/** The heap limit (MiB) of a thread started now. */
function newThreadHeapLimit(): Promise<number> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(
      `require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit)`,
      { eval: true },
    );
    thread.once('message', (limit: number) => resolve(limit / MiB));
    thread.once('error', reject);
  });
}

describe('capNewThreadHeaps', () => {
  it('caps the heap of threads started after it, and leaves the running thread alone', async () => {
    const ownBefore = getHeapStatistics().heap_size_limit;
    capNewThreadHeaps(1024);
    const limit = await newThreadHeapLimit();
    // The old generation is capped; the young generation's semispaces come on top.
    expect(limit).toBeGreaterThanOrEqual(1024);
    expect(limit).toBeLessThan(1024 + 128);
    expect(getHeapStatistics().heap_size_limit).toBe(ownBefore);
  });
});
