/**
 * Issue 29.2 over HTTP: a hostile text ("các bồ;" × 16,000, 112,000 characters, one task a repetition) once
 * took 21 s on the event loop while /healthz waited 19 s. Drafting now runs in a worker pool: /healthz answers
 * in time throughout, the draft is refused with a 422 naming the task limit, and a text over the length limit
 * is a 413 naming it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDrafts } from '../../services/draft-pool';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
}, 120_000);

afterAll(async () => {
  await closeDrafts();
  await system?.shutdown();
});

/** Polls /healthz until `during` settles; answers each poll's time in ms. */
async function healthWhile(during: Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let running = true;
  void during.finally(() => (running = false)).catch(() => undefined);
  while (running) {
    const t = performance.now();
    const res = await fetch(`${system.apiUrl}/healthz`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
    await new Promise((r) => setImmediate(r));
  }
  return times;
}

describe('drafting a hostile text', () => {
  it('keeps /healthz answering and refuses the draft with 422 naming the task limit', async () => {
    // A first draft starts the pool's thread, so the hostile one below measures the drafting, not the start.
    const warm = await system.api('/v1/directives/drafts', {
      body: { text: 'Bộ Công an rà soát, hoàn thành trước ngày 20/12/2026.', issuedOn: '2026-11-02' },
    });
    expect(warm.status).toBe(200);

    // What /healthz takes on this machine with nothing drafting (Postgres and Temporal share its cores).
    const baseline = await healthWhile(new Promise((r) => setTimeout(r, 2_000)));

    const draft = system.api('/v1/directives/drafts', { body: { text: 'các bồ;'.repeat(16_000), issuedOn: '2026-11-02' } });
    const health = await healthWhile(draft);
    const answer = await draft;
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ errors: [{ field: 'text', reason: expect.stringMatching(/16000 tasks; at most 500/) }] });
    const ms = (times: number[]) => times.map((t) => t.toFixed(0)).join(' ');
    console.log(`/healthz alone: ${ms(baseline)}\n/healthz during the draft: ${health.length} polls, ms: ${ms(health)}`);
    expect(health.length).toBeGreaterThan(0);
    // Each answer within 200 ms of the slowest with nothing drafting: the draft adds no wait of its own (it
    // made /healthz wait 19 s when it ran on the event loop).
    expect(Math.max(...health)).toBeLessThan(200 + Math.max(...baseline));
  }, 120_000);

  it('refuses a text over the length limit with 413 naming the field and the limit', async () => {
    const answer = await system.api('/v1/directives/drafts', {
      body: { text: 'Bộ Công an rà soát. '.repeat(10_001), issuedOn: '2026-11-02' },
    });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ errors: [{ field: 'text', reason: expect.stringMatching(/at most 200000/) }] });
  }, 60_000);

  it('answers a long legitimate text within the limits', async () => {
    const item = 'Giao Bộ Công an chủ trì, phối hợp với Bộ Tư pháp hoàn thiện hồ sơ, hoàn thành trước ngày 20/12/2026.\n';
    const answer = await system.api('/v1/directives/drafts', { body: { text: item.repeat(400), issuedOn: '2026-11-02' } });
    expect(answer.status).toBe(200);
    expect(answer.body.tasks).toHaveLength(400);
    expect(answer.body.tasks[399]).toMatchObject({ units: { lead: ['bo-ca'], cooperating: ['bo-tp'] }, deadline: { dueOn: '2026-12-20' } });
  }, 60_000);
});
