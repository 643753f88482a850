/** People for a test, registered through the admin API as an operator would, each with a bearer token. */
import { expect } from 'vitest';
import type { TestSystem } from './system';

/** Registers each person (the API must answer 201) and returns a token for each, by person id. */
export async function addPeople(system: Pick<TestSystem, 'api'>, people: { id: string }[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const person of people) {
    expect((await system.api('/v1/admin/people', { body: person })).status).toBe(201);
    tokens[person.id] = (await system.api(`/v1/admin/people/${person.id}/tokens`, { body: { name: 'test' } })).body.token;
  }
  return tokens;
}
