/**
 * Fuzzing the live API from its OpenAPI document with schemathesis, once per role with that role's token.
 * Reports server errors, responses that break their own schema or documented statuses, and any request that
 * changed what the caller may not touch (the other unit's assignment, compared before and after).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningSystem } from '../../dev/system';
import { ensureSchemathesis } from '../../dev/tools';
import { hostileRequests, runHostileBodies, type HostileCase } from './hostile';
import { startRecordingProxy, type TrafficFigures } from './recording-proxy';

const run = promisify(execFile);
export type FuzzRole = 'admin' | 'coordinator' | 'unit' | 'leader';
export const FUZZ_ROLES: FuzzRole[] = ['admin', 'coordinator', 'unit', 'leader'];
const CHECKS = ['not_a_server_error', 'response_schema_conformance', 'status_code_conformance', 'content_type_conformance'];

export interface FuzzFinding {
  role: FuzzRole;
  code: string;
  title: string;
  operations: string[];
}

/** One role's run as the proxy in front of the API saw it, and its hostile bodies. */
export interface RoleFigures extends TrafficFigures {
  hostile: HostileCase[];
}

export interface FuzzResult {
  requests: number;
  byRole: Record<string, number>;
  /** Per role: requests answered, 5xx, the slowest answer, failing cases (5xx, none, slower than the limit). */
  figures: Record<string, RoleFigures>;
  findings: FuzzFinding[];
  /** Changes to objects outside the caller's unit, found after a unit officer's or leader's run. */
  leaks: string[];
}

/** People, tokens and one task assigned to the unit officer's unit (an-giang) and another unit (can-tho). */
export async function prepareFuzzTarget(system: RunningSystem, adminToken: string): Promise<Record<FuzzRole, string>> {
  const call = async (path: string, body: unknown) => {
    const res = await fetch(system.apiUrl + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300 && res.status !== 409) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<{ token?: string }>;
  };
  const tokens: Record<FuzzRole, string> = { admin: adminToken, coordinator: '', unit: '', leader: '' };
  const people: [FuzzRole, Record<string, unknown>][] = [
    ['coordinator', { id: 'fuzz-coordinator', name: 'Fuzz coordinator', role: 'coordinator' }],
    ['unit', { id: 'fuzz-officer', name: 'Fuzz officer', role: 'unit', unitCode: 'an-giang' }],
    ['leader', { id: 'fuzz-leader', name: 'Fuzz leader', role: 'leader', scope: ['an-giang'] }],
  ];
  for (const [role, person] of people) {
    await call('/v1/admin/people', person);
    tokens[role] = (await call(`/v1/admin/people/${person.id}/tokens`, { name: 'fuzz' })).token!;
  }
  await call('/v1/directives', { id: 'fuzz', number: '1/FUZZ', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Fuzz target' });
  await call('/v1/directives/fuzz/tasks', {
    id: 'fuzz-task',
    title: 'Fuzz task',
    dueOn: '2099-12-31',
    assignees: { units: ['an-giang', 'can-tho'] },
  });
  return tokens;
}

/** The fuzz people of the scoped roles, whose runs must change nothing outside an-giang. */
const SCOPED_PERSON: Partial<Record<FuzzRole, string>> = { unit: 'fuzz-officer', leader: 'fuzz-leader' };

/** Outside an-giang (and the units below it): neither its own unit nor a sub-assignment it passed on. */
const OUTSIDE = "a.unit_code <> 'an-giang' AND NOT ('an-giang' = ANY(a.ancestor_units))";

/**
 * What a unit officer of an-giang (or a leader scoped to it) must never change: the user-set facts of every
 * assignment outside an-giang that existed before its run, and anything outside recorded as done by that person.
 * Timers may move statuses and escalation levels meanwhile, and the fan-outs of earlier runs may still be adding
 * assignments; neither is the caller's doing, so neither counts.
 */
interface OthersSnapshot {
  facts: Map<string, string>;
  byCaller: string;
}

async function othersSnapshot(system: RunningSystem, personId: string): Promise<OthersSnapshot> {
  const { sql } = system.deps;
  const facts = await sql<{ workflow_id: string; facts: unknown }[]>`
    SELECT a.workflow_id, json_build_array(a.unit_code, a.due_on, a.completion, a.pending_extension, a.refusal, a.progress_percent,
                                           a.progress_note, a.reassigned_to, a.acknowledged_at) AS facts
    FROM assignments a WHERE ${sql.unsafe(OUTSIDE)}`;
  const [byCaller] = await sql`
    SELECT (SELECT count(*) FROM assignment_events e JOIN assignments a USING (workflow_id)
            WHERE ${sql.unsafe(OUTSIDE)} AND e.actor->>'id' = ${personId}) AS events,
           (SELECT count(*) FROM directives WHERE created_by = ${personId}) AS directives,
           (SELECT count(*) FROM tasks WHERE created_by = ${personId}) AS tasks,
           (SELECT count(*) FROM people) AS people,
           (SELECT count(*) FROM api_tokens WHERE person_id <> ${personId} AND revoked_at IS NULL) AS others_tokens`;
  return { facts: new Map(facts.map((r) => [r.workflow_id, JSON.stringify(r.facts)])), byCaller: JSON.stringify(byCaller) };
}

/** What changed between two snapshots, in words (empty when nothing did). */
function changesOutside(before: OthersSnapshot, after: OthersSnapshot): string[] {
  const changed = [...before.facts].filter(([id, facts]) => after.facts.get(id) !== facts).map(([id]) => id);
  return [
    ...changed.slice(0, 5).map((id) => `assignment ${id} changed`),
    ...(before.byCaller !== after.byCaller ? [`recorded by the caller: ${before.byCaller} → ${after.byCaller}`] : []),
  ];
}

/** What schemathesis cannot send (it generates valid UTF-8 only): NUL, lone surrogates and stray bytes in path parameters. */
const BAD_PATH_VALUES = ['%00', 'a%00b', '%ED%A0%80', '%ED%B2%A9x', '%C0%AF', '%FF', '%E2%82', '..%2F%00'];
const METHODS = ['get', 'post', 'put', 'delete', 'patch'];

/**
 * Every path parameter of every operation in the OpenAPI document, replaced in turn with each bad value; each
 * request must be answered (within 15 s) with a 4xx. Returns the number sent and the ones that were not.
 */
export async function probeBadPathParameters(
  apiUrl: string,
  token: string,
  role: FuzzRole,
): Promise<{ requests: number; findings: FuzzFinding[] }> {
  const doc = (await (await fetch(`${apiUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const findings: FuzzFinding[] = [];
  let requests = 0;
  for (const [template, operations] of Object.entries(doc.paths)) {
    const params = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    if (params.length === 0) continue;
    for (const method of METHODS.filter((m) => m in operations)) {
      for (const bad of BAD_PATH_VALUES) {
        for (const param of params) {
          const path = params.reduce((p, name) => p.replace(`{${name}}`, name === param ? bad : 'fuzz'), template);
          requests += 1;
          const operation = `${method.toUpperCase()} ${template}`;
          try {
            const res = await fetch(apiUrl + path, {
              method: method.toUpperCase(),
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: method === 'get' || method === 'delete' ? undefined : '{}',
              signal: AbortSignal.timeout(15_000),
            });
            await res.body?.cancel();
            if (res.status >= 500)
              findings.push({ role, code: 'bad_path_server_error', title: `${res.status} for ${path}`, operations: [operation] });
          } catch (err) {
            findings.push({ role, code: 'bad_path_no_answer', title: `${(err as Error).name} for ${path}`, operations: [operation] });
          }
        }
      }
    }
  }
  return { requests, findings };
}

/**
 * A task made for the hostile pass, so its far dates meet an open assignment (the fuzzer's run may have cancelled
 * or completed the shared one).
 */
async function openTaskFor(
  apiUrl: string,
  coordinatorToken: string,
  target: { directiveId: string; unitCode: string },
  role: FuzzRole,
): Promise<string> {
  const id = `fuzz-hostile-${role}-${Date.now()}`;
  const res = await fetch(`${apiUrl}/v1/directives/${encodeURIComponent(target.directiveId)}/tasks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${coordinatorToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, title: 'Hostile bodies target', dueOn: '2099-12-31', assignees: { units: [target.unitCode] } }),
  });
  if (res.status !== 202) throw new Error(`the hostile pass's task: ${res.status} ${await res.text()}`);
  // The assignment exists once its workflow has recorded it; until then an action on it is a 404.
  for (let tries = 0; tries < 100; tries += 1) {
    const got = await fetch(`${apiUrl}/v1/tasks/${id}/assignments/${target.unitCode}`, {
      headers: { authorization: `Bearer ${coordinatorToken}` },
    });
    await got.body?.cancel();
    if (got.status === 200) return id;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the hostile pass's assignment ${id}/${target.unitCode} never appeared`);
}

export interface FuzzOptions {
  maxExamples: number;
  seed: number;
  roles?: FuzzRole[];
  /** An answer slower than this is a failing case (default 2,000 ms). */
  slowMs?: number;
  /** After each role's run, the hostile bodies (hostile.ts) against this directive and a fresh task's assignment. */
  hostile?: { directiveId: string; unitCode: string };
  /** Told as each role's run starts. */
  onRole?: (role: FuzzRole) => void;
}

export async function runFuzz(system: RunningSystem, tokens: Record<FuzzRole, string>, options: FuzzOptions): Promise<FuzzResult> {
  const schemathesis = await ensureSchemathesis();
  const work = await mkdtemp(join(tmpdir(), 'dondoc-fuzz-'));
  const slowMs = options.slowMs ?? 2_000;
  // Every generated request goes through the proxy, which times and counts it.
  const proxy = await startRecordingProxy(system.apiUrl, slowMs);
  const result: FuzzResult = { requests: 0, byRole: {}, figures: {}, findings: [], leaks: [] };
  try {
    const config = join(work, 'schemathesis.toml');
    // Path parameters point at real objects, so generated requests reach the handlers, not only the 404s.
    await writeFile(
      config,
      [
        '[parameters]',
        '"path.taskId" = "fuzz-task"',
        '"path.unitCode" = "an-giang"',
        '"path.code" = "an-giang"',
        '"path.id" = "fuzz"',
        '"path.year" = 2025',
        '"path.personId" = "fuzz-coordinator"',
        '',
      ].join('\n'),
    );
    for (const role of options.roles ?? FUZZ_ROLES) {
      options.onRole?.(role);
      const scopedPerson = SCOPED_PERSON[role];
      const before = scopedPerson ? await othersSnapshot(system, scopedPerson) : null;
      const report = join(work, `${role}.json`);
      await run(
        schemathesis,
        [
          '--config-file',
          config,
          'run',
          `${proxy.url}/openapi.json`,
          '--header',
          `Authorization: Bearer ${tokens[role]}`,
          '--checks',
          CHECKS.join(','),
          '--phases',
          'examples,coverage,fuzzing',
          '--max-examples',
          String(options.maxExamples),
          '--seed',
          String(options.seed),
          '--generation-deterministic',
          '--suppress-health-check',
          'all',
          '--workers',
          '2',
          '--request-timeout',
          '30',
          '--report',
          'json',
          '--report-json-path',
          report,
          '--no-color',
        ],
        { maxBuffer: 64 * 1024 * 1024, timeout: 1_800_000 },
      ).catch((err: { code?: number }) => {
        // Exit code 1 means findings, read from the report; anything else is a broken run.
        if (err.code !== 1) throw err;
      });
      const parsed = JSON.parse(await readFile(report, 'utf8')) as {
        test_cases: { generated: number };
        failures: { code: string; title: string; operations: string[] }[];
        errors?: unknown[];
      };
      const probe = await probeBadPathParameters(proxy.url, tokens[role], role);
      const hostile = options.hostile
        ? await runHostileBodies(
            system.apiUrl,
            tokens[role],
            hostileRequests({ ...options.hostile, taskId: await openTaskFor(system.apiUrl, tokens.coordinator, options.hostile, role) }),
            slowMs,
          )
        : [];
      result.figures[role] = { ...proxy.take(), hostile };
      result.requests += parsed.test_cases.generated + probe.requests;
      result.byRole[role] = parsed.test_cases.generated + probe.requests;
      result.findings.push(...probe.findings);
      for (const f of parsed.failures) result.findings.push({ role, code: f.code, title: f.title, operations: f.operations });
      if (before && scopedPerson) {
        for (const change of changesOutside(before, await othersSnapshot(system, scopedPerson))) {
          result.leaks.push(`${role}: outside an-giang, ${change}`);
        }
      }
    }
  } finally {
    await proxy.close();
    await rm(work, { recursive: true, force: true });
  }
  return result;
}
