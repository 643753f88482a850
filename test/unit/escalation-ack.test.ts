/** Acknowledgement timeouts (domain/escalation-ack.ts), their policy checks, and the signed link (domain/ack-link.ts). */
import { describe, expect, it } from 'vitest';
import { ACK_LINK_GRACE_MS, readAckLink, signAckLink, type AckLinkClaim } from '../../domain/ack-link';
import { applyAcknowledgeEscalation, applyAckTimeout, newAssignmentState, rejectionOf } from '../../domain/assignment-state';
import { mergeCalendarYears, WEEKENDS_ONLY } from '../../domain/calendar';
import { ackDeadline, addWorkingHours, awaitingAckFor, backupRungOf } from '../../domain/escalation-ack';
import { DEFAULT_POLICY, PRODUCTION_POLICY_FLOOR, validatePolicy, type EscalationPolicy } from '../../domain/policy';
import { escalationPolicySchema } from '../../domain/policy-schema';

const vn = (local: string) => Date.parse(`${local}+07:00`);

describe('addWorkingHours', () => {
  it('counts office time only: 07:30–17:00 on working days', () => {
    // Tuesday 2026-12-08 10:00 + 4 h = 14:00; + 8 h runs past 17:00 into Wednesday (7 h that day, 1 h the next).
    expect(addWorkingHours(WEEKENDS_ONLY, vn('2026-12-08T10:00'), 4)).toBe(vn('2026-12-08T14:00'));
    expect(addWorkingHours(WEEKENDS_ONLY, vn('2026-12-08T10:00'), 8)).toBe(vn('2026-12-09T08:30'));
    // Fired at 02:00 or on a Saturday: the window opens with the next working period.
    expect(addWorkingHours(WEEKENDS_ONLY, vn('2026-12-08T02:00'), 1)).toBe(vn('2026-12-08T08:30'));
    expect(addWorkingHours(WEEKENDS_ONLY, vn('2026-12-12T09:00'), 2)).toBe(vn('2026-12-14T09:30'));
    // Friday 16:00 + 2 h: one hour Friday, one on Monday.
    expect(addWorkingHours(WEEKENDS_ONLY, vn('2026-12-11T16:00'), 2)).toBe(vn('2026-12-14T08:30'));
    // Exactly to the end of the day stays on that day.
    expect(addWorkingHours(WEEKENDS_ONLY, vn('2026-12-08T07:30'), 9.5)).toBe(vn('2026-12-08T17:00'));
  });

  it('skips days off and works a working Saturday', () => {
    const calendar = mergeCalendarYears([
      {
        year: 2026,
        sources: [],
        daysOff: [{ date: '2026-12-14', name: 'x', source: 'x' }],
        workingSaturdays: [{ date: '2026-12-19', replaces: '2026-12-14', source: 'x' }],
      },
    ]);
    expect(addWorkingHours(calendar, vn('2026-12-11T16:00'), 2)).toBe(vn('2026-12-15T08:30'));
    expect(addWorkingHours(calendar, vn('2026-12-19T16:30'), 1)).toBe(vn('2026-12-21T08:00'));
  });

  it('takes an exact duration as is', () => {
    expect(ackDeadline({ duration: 'PT30S' }, vn('2026-12-12T02:00'), WEEKENDS_ONLY)).toBe(vn('2026-12-12T02:00') + 30_000);
    expect(ackDeadline({ workingHours: 4 }, vn('2026-12-08T10:00'), WEEKENDS_ONLY)).toBe(vn('2026-12-08T14:00'));
  });
});

const withAck = (changes: Partial<EscalationPolicy['escalations'][number]>[]): EscalationPolicy => ({
  ...DEFAULT_POLICY,
  escalations: DEFAULT_POLICY.escalations.map((e, i) => ({ ...e, ...(changes[i] ?? {}) })),
});

describe('the backup of a rung', () => {
  it("is the rung's own backup, else the next rung up with another reader, else the coordinator", () => {
    const policy = withAck([{ ackWithin: { workingHours: 4 } }, { backup: 'unit_head' }]);
    expect(backupRungOf(policy, 1)).toBe('supervising_leader');
    expect(backupRungOf(policy, 2)).toBe('unit_head');
    expect(backupRungOf(policy, 3)).toBeNull();
    const oneRung: EscalationPolicy = { ...DEFAULT_POLICY, escalations: [{ after: { days: 0 }, rung: 'unit_head' }] };
    expect(backupRungOf(oneRung, 1)).toBe('coordinator');
  });

  it('opens a window only for a rung that asks for one', () => {
    const policy = withAck([{ ackWithin: { workingHours: 4 } }]);
    const step = { key: '2026-12-01/escalation/0', at: vn('2026-12-08T10:00'), level: 1, rung: 'unit_head' as const };
    expect(awaitingAckFor(policy, step, WEEKENDS_ONLY)).toEqual({
      level: 1,
      rung: 'unit_head',
      step: step.key,
      escalatedAt: step.at,
      deadline: vn('2026-12-08T14:00'),
      backup: 'supervising_leader',
    });
    expect(awaitingAckFor(policy, { ...step, level: 2, rung: 'supervising_leader' }, WEEKENDS_ONLY)).toBeNull();
  });
});

describe('policies with acknowledgement windows', () => {
  it('refuses a window with nobody to go to, a backup equal to its rung, and a window under the floor', () => {
    const top = escalationPolicySchema.safeParse(withAck([{}, {}, { ackWithin: { workingHours: 2 } }]));
    expect(top.success).toBe(false);
    expect(top.error?.issues.map((i) => i.path.join('.'))).toEqual(['escalations.2.backup']);
    const same = escalationPolicySchema.safeParse(withAck([{ ackWithin: { workingHours: 2 }, backup: 'unit_head' }]));
    expect(same.error?.issues.map((i) => i.path.join('.'))).toEqual(['escalations.0.backup']);
    expect(escalationPolicySchema.safeParse(withAck([{ ackWithin: { workingHours: 0 } }])).success).toBe(false);
    const fine = withAck([{ ackWithin: { workingHours: 4 } }, { ackWithin: { duration: 'PT2H' } }]);
    expect(escalationPolicySchema.safeParse(fine).success).toBe(true);
    expect(validatePolicy(fine, PRODUCTION_POLICY_FLOOR)).toEqual([]);
    expect(validatePolicy(withAck([{ ackWithin: { duration: 'PT30S' } }]), PRODUCTION_POLICY_FLOOR).map((v) => v.field)).toEqual([
      'policy.escalations.0.ackWithin',
    ]);
  });
});

describe('acknowledging an escalation', () => {
  const base = newAssignmentState({
    workflowId: 'w',
    taskId: 't',
    directiveId: 'd',
    unitCode: 'BTC',
    dueOn: '2026-12-01',
    dueAt: null,
    dueSoonFrom: null,
    confirmationRequired: true,
  });
  const awaiting = {
    level: 1,
    rung: 'unit_head' as const,
    step: '2026-12-01/escalation/0',
    escalatedAt: 1,
    deadline: 2,
    backup: 'supervising_leader' as const,
  };

  it('is refused when nothing waits, and closes the window when something does', () => {
    expect(rejectionOf(base, 'acknowledgeEscalation')).toBe('no escalation of this assignment awaits acknowledgement');
    const state = { ...base, awaitingAck: awaiting };
    expect(rejectionOf(state, 'acknowledgeEscalation')).toBeNull();
    const [acked, event] = applyAcknowledgeEscalation(state, 'head-1', 5);
    expect(acked.awaitingAck).toBeNull();
    expect(event).toMatchObject({ kind: 'escalation_acknowledged', data: { level: 1, rung: 'unit_head', by: 'head-1', at: 5 } });
    const [timedOut, unacked] = applyAckTimeout(state);
    expect(timedOut.awaitingAck).toBeNull();
    expect(unacked).toMatchObject({
      kind: 'escalation_unacknowledged',
      data: { level: 1, rung: 'supervising_leader', unacknowledgedRung: 'unit_head' },
    });
  });
});

describe('the signed link', () => {
  const claim: AckLinkClaim = {
    id: 'delivery-7',
    person: 'p1',
    workflowId: 'w',
    taskId: 't',
    unitCode: 'BTC',
    level: 1,
    exp: 1_000 + ACK_LINK_GRACE_MS,
  };

  it('reads back what it was signed with, until it expires', () => {
    const token = signAckLink('key-1', claim);
    expect(readAckLink('key-1', token, 1_000)).toEqual({ ok: true, claim });
    expect(readAckLink('key-1', token, claim.exp + 1)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses another key, a changed claim and garbage', () => {
    const token = signAckLink('key-1', claim);
    expect(readAckLink('key-2', token, 1_000)).toEqual({ ok: false, reason: 'forged' });
    const [, signature] = token.split('.');
    const changed = `${Buffer.from(JSON.stringify({ ...claim, person: 'p2' })).toString('base64url')}.${signature}`;
    expect(readAckLink('key-1', changed, 1_000)).toEqual({ ok: false, reason: 'forged' });
    expect(readAckLink('key-1', 'not a token', 1_000)).toEqual({ ok: false, reason: 'malformed' });
    expect(readAckLink('key-1', `${'a'.repeat(3000)}.b`, 1_000)).toEqual({ ok: false, reason: 'malformed' });
  });
});
