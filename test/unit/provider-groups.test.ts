/** Placing a person from the identity provider's groups: the grammar, the precedence of roles, and every refusal. */
import { describe, expect, it } from 'vitest';
import { groupsOf, MAX_GROUPS, placeFromGroups } from '../../domain/provider-groups';

const grammar = { prefix: '/dondoc/', unitExists: (code: string) => ['an-giang', 'bo-ca', 'can-tho'].includes(code) };
const place = (...groups: string[]) => placeFromGroups(groups, grammar);

describe('placing a person from their groups', () => {
  it('reads each role of the grammar', () => {
    expect(place('/dondoc/admin')).toMatchObject({ placed: true, role: 'admin', unitCode: null, scope: 'all' });
    expect(place('/dondoc/coordinator')).toMatchObject({ placed: true, role: 'coordinator', scope: 'all' });
    expect(place('/dondoc/leader')).toMatchObject({ placed: true, role: 'leader', scope: 'all' });
    expect(place('/dondoc/leader/can-tho', '/dondoc/leader/an-giang')).toMatchObject({ role: 'leader', scope: ['an-giang', 'can-tho'] });
    expect(place('/dondoc/unit/an-giang')).toMatchObject({ role: 'unit', unitCode: 'an-giang', scope: ['an-giang'], position: 'officer' });
    expect(place('/dondoc/unit/an-giang/head')).toMatchObject({ role: 'unit', unitCode: 'an-giang', position: 'head' });
  });

  it('lets the highest role win and a bare leader group see every unit', () => {
    expect(place('/dondoc/unit/an-giang', '/dondoc/coordinator')).toMatchObject({ role: 'coordinator', unitCode: null });
    expect(place('/dondoc/coordinator', '/dondoc/admin')).toMatchObject({ role: 'admin' });
    expect(place('/dondoc/leader/an-giang', '/dondoc/leader')).toMatchObject({ role: 'leader', scope: 'all' });
    expect(place('/dondoc/unit/an-giang', '/dondoc/unit/an-giang/head')).toMatchObject({ position: 'head' });
  });

  it("ignores other systems' groups", () => {
    expect(place('/payroll/admin', '/dondoc/unit/bo-ca', 'dondoc/admin')).toMatchObject({ role: 'unit', unitCode: 'bo-ca' });
  });

  it('refuses, saying why, whom the groups do not place', () => {
    expect(place()).toMatchObject({ placed: false, reason: 'no-group' });
    expect(place('/other/admin')).toMatchObject({ placed: false, reason: 'no-group' });
    expect(place('/dondoc/unit/khong-ton-tai')).toMatchObject({
      placed: false,
      reason: 'unknown-unit',
      group: '/dondoc/unit/khong-ton-tai',
    });
    // A group naming no unit refuses even beside one that would place the person: a typo must not go unseen.
    expect(place('/dondoc/coordinator', '/dondoc/leader/nowhere')).toMatchObject({ placed: false, reason: 'unknown-unit' });
    expect(place('/dondoc/unit/an-giang', '/dondoc/unit/bo-ca')).toMatchObject({
      placed: false,
      reason: 'several-units',
      units: ['an-giang', 'bo-ca'],
    });
    for (const bad of [
      '/dondoc/root',
      '/dondoc/unit',
      '/dondoc/unit/',
      '/dondoc/unit/an-giang/boss',
      '/dondoc/admin/x',
      '/dondoc/leader/an-giang/head',
      '/dondoc/unit/an-giang/head/x',
    ]) {
      expect(place(bad), bad).toMatchObject({ placed: false });
    }
  });
});

describe('the groups claim', () => {
  it('takes a string or an array of strings, nothing else, and no more than the bound', () => {
    expect(groupsOf('/dondoc/admin')).toEqual(['/dondoc/admin']);
    expect(groupsOf(['/a', 7, null, '/b'])).toEqual(['/a', '/b']);
    expect(groupsOf({ 0: '/a' })).toEqual([]);
    expect(groupsOf(undefined)).toEqual([]);
    expect(groupsOf(Array.from({ length: MAX_GROUPS + 10 }, (_, i) => `/g${i}`))).toHaveLength(MAX_GROUPS);
  });
});
