/** Quiet hours: when an email written at some instant may leave (domain/quiet-hours.ts). */
import { describe, expect, it } from 'vitest';
import { mergeCalendarYears, WEEKENDS_ONLY } from '../../domain/calendar';
import { exemptFromQuietHours, releaseAt } from '../../domain/quiet-hours';

const vn = (local: string) => Date.parse(`${local}+07:00`);

describe('releaseAt', () => {
  it('sends within the working period at once, and holds what falls outside it to the next start', () => {
    // Tuesday 2026-12-08.
    expect(releaseAt(vn('2026-12-08T10:00'), WEEKENDS_ONLY)).toBe(vn('2026-12-08T10:00'));
    expect(releaseAt(vn('2026-12-08T07:30'), WEEKENDS_ONLY)).toBe(vn('2026-12-08T07:30'));
    expect(releaseAt(vn('2026-12-08T02:00'), WEEKENDS_ONLY)).toBe(vn('2026-12-08T07:30'));
    expect(releaseAt(vn('2026-12-08T17:00'), WEEKENDS_ONLY)).toBe(vn('2026-12-09T07:30'));
    expect(releaseAt(vn('2026-12-08T23:59'), WEEKENDS_ONLY)).toBe(vn('2026-12-09T07:30'));
  });

  it('skips weekends and days off, and works a working Saturday', () => {
    // Friday evening → Monday morning.
    expect(releaseAt(vn('2026-12-11T18:00'), WEEKENDS_ONLY)).toBe(vn('2026-12-14T07:30'));
    expect(releaseAt(vn('2026-12-12T10:00'), WEEKENDS_ONLY)).toBe(vn('2026-12-14T07:30'));
    const calendar = mergeCalendarYears([
      {
        year: 2026,
        sources: [],
        daysOff: [{ date: '2026-12-14', name: 'x', source: 'x' }],
        workingSaturdays: [{ date: '2026-12-19', replaces: '2026-12-14', source: 'x' }],
      },
    ]);
    expect(releaseAt(vn('2026-12-12T02:00'), calendar)).toBe(vn('2026-12-15T07:30'));
    expect(releaseAt(vn('2026-12-19T09:00'), calendar)).toBe(vn('2026-12-19T09:00'));
  });

  it("keeps to the reader's time zone, and reads an unknown zone as Vietnam's", () => {
    // 02:00 in Tokyo (UTC+9) on a Tuesday is held to 07:30 Tokyo time.
    expect(releaseAt(Date.parse('2026-12-08T02:00+09:00'), WEEKENDS_ONLY, 'Asia/Tokyo')).toBe(Date.parse('2026-12-08T07:30+09:00'));
    // 10:00 in Vietnam is 04:00 in Paris: held to 07:30 Paris time (UTC+1 in December).
    expect(releaseAt(vn('2026-12-08T10:00'), WEEKENDS_ONLY, 'Europe/Paris')).toBe(Date.parse('2026-12-08T07:30+01:00'));
    expect(releaseAt(vn('2026-12-08T02:00'), WEEKENDS_ONLY, 'Nowhere/Else')).toBe(vn('2026-12-08T07:30'));
  });

  it('exempts hỏa tốc and thượng khẩn tasks only', () => {
    expect(exemptFromQuietHours('hoa_toc')).toBe(true);
    expect(exemptFromQuietHours('thuong_khan')).toBe(true);
    expect(exemptFromQuietHours('khan')).toBe(false);
    expect(exemptFromQuietHours('normal')).toBe(false);
    expect(exemptFromQuietHours(null)).toBe(false);
  });
});
