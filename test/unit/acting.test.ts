import { describe, expect, it } from 'vitest';
import { actingRefusal, datesRefusal, onBehalfOf, overlap, resolveRecipient, type ActingPerson, type Grant } from '../../domain/acting';

const unit = (id: string, unitCode: string): ActingPerson => ({ id, role: 'unit', unitCode, scope: [unitCode] });
const leader = (id: string, scope: string[] | 'all'): ActingPerson => ({ id, role: 'leader', unitCode: null, scope });
const grant = (id: string, absentPersonId: string, actingPersonId: string, fromOn: string, toOn: string): Grant => ({
  id,
  absentPersonId,
  actingPersonId,
  fromOn,
  toOn,
});

describe('who may act for whom', () => {
  it('takes an officer of the same unit for its head, and refuses oneself, another unit, another role', () => {
    expect(actingRefusal(unit('head', 'an-giang'), unit('deputy', 'an-giang'))).toBeNull();
    expect(actingRefusal(unit('head', 'an-giang'), unit('head', 'an-giang'))).toEqual({
      field: 'actingPersonId',
      reason: 'a person cannot act for themselves',
    });
    expect(actingRefusal(unit('head', 'an-giang'), unit('ct', 'can-tho'))?.reason).toBe('ct is not an officer of an-giang');
    expect(actingRefusal(unit('head', 'an-giang'), leader('l', 'all'))?.reason).toBe('l is leader, not unit as head is');
  });

  it('takes a leader whose scope covers the absent one’s, never a narrower one', () => {
    expect(actingRefusal(leader('a', ['an-giang']), leader('b', ['an-giang', 'can-tho']))).toBeNull();
    expect(actingRefusal(leader('a', ['an-giang']), leader('b', 'all'))).toBeNull();
    expect(actingRefusal(leader('a', 'all'), leader('b', ['an-giang']))?.reason).toBe("b's scope does not cover a's");
    expect(actingRefusal(leader('a', ['an-giang', 'ha-noi']), leader('b', ['an-giang']))?.field).toBe('actingPersonId');
  });
});

describe('the dates of a grant', () => {
  it('refuses to before from, a grant already over, and one longer than a year, naming toOn', () => {
    expect(datesRefusal({ fromOn: '2030-05-10', toOn: '2030-05-12' }, '2030-05-01')).toBeNull();
    expect(datesRefusal({ fromOn: '2030-05-10', toOn: '2030-05-09' }, '2030-05-01')).toEqual({
      field: 'toOn',
      reason: 'must not be before fromOn (2030-05-10)',
    });
    expect(datesRefusal({ fromOn: '2030-04-01', toOn: '2030-04-30' }, '2030-05-01')?.reason).toBe('is already past (today is 2030-05-01)');
    expect(datesRefusal({ fromOn: '2030-01-01', toOn: '2031-01-02' }, '2030-01-01')?.reason).toBe('a grant lasts at most 366 days');
    expect(datesRefusal({ fromOn: '2030-01-01', toOn: '2030-12-31' }, '2030-01-01')).toBeNull();
  });

  it('counts both ends as days of the grant when judging overlap', () => {
    expect(overlap({ fromOn: '2030-05-01', toOn: '2030-05-10' }, { fromOn: '2030-05-10', toOn: '2030-05-20' })).toBe(true);
    expect(overlap({ fromOn: '2030-05-01', toOn: '2030-05-09' }, { fromOn: '2030-05-10', toOn: '2030-05-20' })).toBe(false);
  });
});

describe('who receives an absent person’s mail', () => {
  const grants = [grant('g1', 'head', 'deputy', '2030-05-05', '2030-05-15'), grant('g2', 'deputy', 'officer', '2030-05-08', '2030-05-09')];
  it('is the acting person on the grant’s dates, both ends included, and the person themselves outside them', () => {
    expect(resolveRecipient('head', '2030-05-05', grants)).toBe('deputy');
    expect(resolveRecipient('head', '2030-05-15', grants)).toBe('deputy');
    expect(resolveRecipient('head', '2030-05-16', grants)).toBe('head');
    expect(resolveRecipient('head', '2030-05-04', grants)).toBe('head');
  });

  it('follows the chain while the acting person is away too', () => {
    expect(resolveRecipient('head', '2030-05-08', grants)).toBe('officer');
    expect(resolveRecipient('deputy', '2030-05-09', grants)).toBe('officer');
  });

  it('falls back to the person it started from on a cycle or past the bound', () => {
    const cycle = [
      grant('a', 'x', 'y', '2030-05-01', '2030-05-31'),
      grant('b', 'y', 'z', '2030-05-01', '2030-05-31'),
      grant('c', 'z', 'x', '2030-05-10', '2030-05-10'),
    ];
    expect(resolveRecipient('x', '2030-05-10', cycle)).toBe('x');
    expect(resolveRecipient('y', '2030-05-10', cycle)).toBe('y');
    expect(resolveRecipient('x', '2030-05-11', cycle)).toBe('z');
    const long = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']
      .slice(0, -1)
      .map((p, i) => grant(`l${i}`, p, `p${i + 1}`, '2030-05-01', '2030-05-31'));
    expect(resolveRecipient('p1', '2030-05-10', long)).toBe('p6');
    expect(resolveRecipient('p0', '2030-05-10', long)).toBe('p0');
  });
});

describe('on whose behalf', () => {
  const head = unit('head', 'an-giang');
  const grants = [{ ...grant('g1', 'head', 'deputy', '2030-05-05', '2030-05-15'), absent: head }];
  it('names the absent person for an assignment their role covers, on the grant’s dates only', () => {
    expect(onBehalfOf('deputy', 'an-giang', '2030-05-10', grants)).toBe('head');
    expect(onBehalfOf('deputy', 'an-giang', '2030-05-16', grants)).toBeNull();
    expect(onBehalfOf('deputy', 'can-tho', '2030-05-10', grants)).toBeNull();
    expect(onBehalfOf('someone-else', 'an-giang', '2030-05-10', grants)).toBeNull();
  });

  it('takes the earliest grant when a leader acts for two', () => {
    const two = [
      { ...grant('g2', 'l2', 'acting', '2030-05-06', '2030-05-20'), absent: leader('l2', ['an-giang']) },
      { ...grant('g1', 'l1', 'acting', '2030-05-01', '2030-05-20'), absent: leader('l1', 'all') },
    ];
    expect(onBehalfOf('acting', 'an-giang', '2030-05-10', two)).toBe('l1');
    expect(onBehalfOf('acting', 'ha-noi', '2030-05-10', two)).toBe('l1');
  });
});
