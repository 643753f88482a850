import { afterAll, describe, expect, it } from 'vitest';
import { BoundedPool } from '../../services/bounded-worker';
import { DomainError } from '../../services/errors';

const pool = new BoundedPool({
  module: new URL('../fixtures/bounded-tasks.ts', import.meta.url),
  what: 'parse',
  heapMb: 64,
  threads: 1,
  queue: 1,
});
afterAll(() => pool.close());

/** How late a 10 ms timer fires on this event loop while `during` runs: the loop's responsiveness. */
async function loopLagWhile(during: Promise<unknown>): Promise<number> {
  let worst = 0;
  let running = true;
  void during.finally(() => (running = false)).catch(() => undefined);
  while (running) {
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 10));
    worst = Math.max(worst, performance.now() - t - 10);
  }
  return worst;
}

describe('BoundedPool', () => {
  it('runs a task in a worker thread and returns its result', async () => {
    await expect(pool.run('echo', { text: 'đôn đốc' }, { timeoutMs: 10_000, field: 'text' })).resolves.toEqual({ length: 7 });
  });

  it('ends a task past its time budget with a 413-kind error naming the field, and the event loop keeps answering', async () => {
    const run = pool.run('spin', {}, { timeoutMs: 500, field: 'file' });
    const lag = loopLagWhile(run);
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'too-large', slug: 'time-limit', errors: [{ field: 'file' }] });
    expect(await lag).toBeLessThan(200);
    // The pool recovers: the next task runs on a fresh thread.
    await expect(pool.run('echo', { text: 'ok' }, { timeoutMs: 10_000, field: 'text' })).resolves.toEqual({ length: 2 });
  });

  it('ends a task that outgrows its heap with a memory-limit error, not the process', async () => {
    const err = await pool.run('hog', {}, { timeoutMs: 60_000, field: 'file' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'too-large', slug: 'memory-limit' });
    await expect(pool.run('echo', { text: 'ok' }, { timeoutMs: 10_000, field: 'text' })).resolves.toEqual({ length: 2 });
  });

  it('passes a refusal across the thread as the same domain error', async () => {
    const err = await pool.run('refuse', { field: 'rows[2].title' }, { timeoutMs: 10_000, field: 'file' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'invalid', errors: [{ field: 'rows[2].title', reason: 'is not acceptable' }] });
  });

  it('refuses tasks past the in-flight bound with a retryable unavailable error', async () => {
    const running = pool.run('wait', { ms: 1_000 }, { timeoutMs: 10_000, field: 'file' });
    const queued = pool.run('wait', { ms: 10 }, { timeoutMs: 10_000, field: 'file' });
    const refused = await pool.run('wait', { ms: 10 }, { timeoutMs: 10_000, field: 'file' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'unavailable', slug: 'busy' });
    await expect(Promise.all([running, queued])).resolves.toEqual([1_000, 10]);
  });
});
