/**
 * Fault: the API stops with writes in flight. Clients retry against a new API process with the same
 * Idempotency-Key: nothing is created twice, and each retry gets the first answer or completes the write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiOnly, syntheticUnits, type ApiOnly } from '../support/api-only';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTestTemporal, type TestTemporal } from '../support/temporal-target';

let temporal: TestTemporal;
let db: TestDatabase;

beforeAll(async () => {
  [temporal, db] = await Promise.all([startTestTemporal(), createTestDatabase()]);
});

afterAll(async () => {
  await temporal?.stop();
  await db?.drop();
});

describe('API stopped with requests in flight', () => {
  it('retries with the same Idempotency-Key create nothing twice', async () => {
    const units = syntheticUnits(20);
    const options = {
      databaseUrl: db.url,
      temporalAddress: temporal.address,
      namespace: temporal.namespace,
      taskQueue: 'fault-api',
      units,
    };
    const first: ApiOnly = await startApiOnly(options);
    const requests = Array.from({ length: 40 }, (_, i) => ({
      key: `retry-${i}`,
      path: i % 2 === 0 ? '/v1/directives' : '/v1/directives/base/tasks',
      body:
        i % 2 === 0
          ? { number: `${i}/RETRY`, issuer: 'VPCP', issuedOn: '2024-05-06', title: `Directive ${i}` }
          : { title: `Task ${i}`, dueOn: '2099-01-01', assignees: { units: [units[i % units.length]!.code] } },
    }));
    expect(
      (await first.api('/v1/directives', { id: 'base', number: '0/BASE', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'base' })).status,
    ).toBe(201);

    const inFlight = requests.map((r) =>
      first.api(r.path, r.body, { 'idempotency-key': r.key }).catch((err: Error) => ({ status: 0, body: String(err) })),
    );
    // Stop as soon as the first writes have reached the database, with the rest still on the wire.
    for (let i = 0; i < 200; i += 1) {
      const [claims] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM idempotency_keys`;
      if ((claims?.n ?? 0) > 0) break;
      await new Promise((r) => setImmediate(r));
    }
    first.kill();
    const firstAnswers = await Promise.all(inFlight);
    await first.close().catch(() => {});
    const dropped = firstAnswers.filter((a) => a.status === 0).length;

    const second = await startApiOnly(options);
    try {
      const retried = await Promise.all(requests.map((r) => second.api(r.path, r.body, { 'idempotency-key': r.key })));
      for (const [i, answer] of retried.entries()) {
        expect([201, 202], `${requests[i]!.key}: ${JSON.stringify(answer.body)}`).toContain(answer.status);
        const earlier = firstAnswers[i]!;
        if (earlier.status === 201 || earlier.status === 202) expect(answer.body).toEqual(earlier.body);
      }
      const [counts] = await db.sql<{ directives: number; tasks: number }[]>`
        SELECT (SELECT count(*)::int FROM directives WHERE number LIKE '%/RETRY') AS directives,
               (SELECT count(*)::int FROM tasks WHERE directive_id = 'base') AS tasks`;
      expect(counts).toEqual({ directives: 20, tasks: 20 });
      expect(dropped, 'some requests were cut off').toBeGreaterThan(0);
      expect(dropped + firstAnswers.filter((a) => a.status >= 200 && a.status < 300).length).toBe(40);
    } finally {
      await second.close();
    }
  }, 120_000);
});
