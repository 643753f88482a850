/**
 * The fuzz run in CI, bounded: at least 1,000 generated requests across every route with each role's token,
 * on the real Temporal dev server and Postgres. `npm run fuzz` runs longer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestSystem, type TestSystem } from '../support/system';
import { prepareFuzzTarget, runFuzz, type FuzzRole } from './fuzz';

let system: TestSystem;
let tokens: Record<FuzzRole, string>;

beforeAll(async () => {
  system = await startTestSystem({ rateLimitPerMinute: 1_000_000 });
  tokens = await prepareFuzzTarget(system, ADMIN_TOKEN);
});

afterAll(async () => {
  await system?.shutdown();
});

describe('fuzzing the API from its OpenAPI document', () => {
  it('finds no server error, no schema violation and no change outside the caller’s scope', async () => {
    const result = await runFuzz(system, tokens, { maxExamples: Number(process.env.FUZZ_MAX_EXAMPLES ?? 12), seed: 20241124 });
    console.info(`fuzz: ${result.requests} requests`, result.byRole);
    expect(result.findings).toEqual([]);
    expect(result.leaks).toEqual([]);
    expect(result.requests).toBeGreaterThanOrEqual(1000);
    for (const role of Object.keys(tokens)) expect(result.byRole[role]).toBeGreaterThan(100);
  }, 1_200_000);
});
