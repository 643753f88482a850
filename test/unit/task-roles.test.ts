import { describe, expect, it } from 'vitest';
import { resolveTaskRoles } from '../../domain/task-roles';

const roles = (over: Partial<Parameters<typeof resolveTaskRoles>[0]>) =>
  resolveTaskRoles({ assigneeUnits: [], leadUnits: [], coordinatingUnits: [], groups: 0, groupUnits: [], ...over });

describe('task roles', () => {
  it('takes the lead units as assignees when assignees are empty', () => {
    expect(roles({ leadUnits: ['an-giang'], coordinatingUnits: ['bo-ca', 'bo-tttt'] })).toEqual({
      ok: true,
      leadSide: ['an-giang'],
      cooperating: ['bo-ca', 'bo-tttt'],
    });
  });

  it('counts a lead named in assignees too once', () => {
    expect(roles({ assigneeUnits: ['an-giang', 'can-tho'], leadUnits: ['an-giang'] })).toMatchObject({ leadSide: ['an-giang', 'can-tho'] });
  });

  it('refuses a unit named as assignee or lead and as co-operating, naming it', () => {
    const named = roles({ assigneeUnits: ['an-giang', 'bo-ca'], coordinatingUnits: ['bo-tttt', 'bo-ca'] });
    expect(named).toEqual({
      ok: false,
      status: 'unprocessable',
      errors: [{ field: 'coordinatingUnits.1', reason: 'bo-ca is named as an assignee and as a co-operating unit; give it one role' }],
    });
    const lead = roles({ leadUnits: ['bo-ca'], coordinatingUnits: ['bo-ca'] });
    expect(lead).toMatchObject({
      ok: false,
      errors: [{ field: 'coordinatingUnits.0', reason: expect.stringContaining('bo-ca is named as a lead unit') }],
    });
  });

  it('lets a group target bring in a co-operating unit, which keeps its assignment', () => {
    expect(roles({ groups: 1, groupUnits: ['bo-ca', 'bo-tttt'], coordinatingUnits: ['bo-ca'] })).toEqual({
      ok: true,
      leadSide: ['bo-ca', 'bo-tttt'],
      cooperating: [],
    });
  });

  it('asks for at least one unit', () => {
    expect(roles({ coordinatingUnits: ['bo-ca'] })).toMatchObject({ ok: false, status: 'invalid', errors: [{ field: 'assignees' }] });
  });
});
