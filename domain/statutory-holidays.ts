/**
 * The days off the law itself gives in any year, for the years the Government has not (yet) published a schedule:
 * Labour Code 2019 (45/2019/QH14) art. 112 §1 — 1 January; Tết, 5 days; Hùng Kings' day, 10/3 lunar; 30 April;
 * 1 May; National Day, 2 September and one day next to it — and art. 111 §3: a holiday on a weekly rest day
 * (Saturday and Sunday for state agencies, Decision 188/1999/QĐ-TTg) is taken on the next working day.
 *
 * The Government picks which 5 days of Tết and which day next to 2 September, and often swaps days with a
 * Saturday; a computed year is therefore only a forecast, marked provisional wherever it is used. Choices here
 * (the usual ones of 2021–2026): Tết is the last day of the old lunar year and the first four of the new; the
 * day next to National Day is 3 September when 2 September is a Monday, Thursday or Sunday (joining a weekend or
 * avoiding a lone working day), otherwise 1 September. No swapped Saturdays are forecast.
 */
import type { CalendarYear } from './calendar-year';
import { addDays, makeDate, weekday, type IsoDate } from './dates';
import { lunarNewYear, solarFromLunar } from './lunar-calendar';

export const STATUTORY_SOURCE_ID = 'labour-code-2019-statutory';

const SOURCE = {
  id: STATUTORY_SOURCE_ID,
  title: 'Bộ luật Lao động 2019 (45/2019/QH14), Điều 112 khoản 1 và Điều 111 khoản 3 — tính theo âm lịch Việt Nam (UTC+7)',
  url: 'https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=139264',
  note:
    'Provisional: computed by dondoc for a year with no official schedule loaded. Tết = the last day of the lunar year and ' +
    'mùng 1–4; the day next to 2/9 is 3/9 when 2/9 is a Monday, Thursday or Sunday, else 1/9; each holiday on a ' +
    "Saturday or Sunday is taken on the next working day. The Government's notice for the year replaces it.",
};

const isWeekend = (date: IsoDate) => weekday(date) === 0 || weekday(date) === 6;

function nationalDayNeighbour(year: number): IsoDate {
  const wd = weekday(makeDate(year, 9, 2));
  return makeDate(year, 9, wd === 1 || wd === 4 || wd === 0 ? 3 : 1);
}

/** The holidays of art. 112 §1 falling in Gregorian `year`, in date order. */
export function statutoryHolidays(year: number): { date: IsoDate; name: string }[] {
  const holidays: { date: IsoDate; name: string }[] = [{ date: makeDate(year, 1, 1), name: "Tết Dương lịch / New Year's Day" }];
  // Tết of lunar year `year` starts in January or February of `year`; that of `year + 1` never reaches back into it.
  const newYear = lunarNewYear(year);
  holidays.push({ date: addDays(newYear, -1), name: 'Tết Âm lịch (ngày cuối năm âm lịch) / Lunar New Year' });
  for (let i = 0; i < 4; i++) holidays.push({ date: addDays(newYear, i), name: `Tết Âm lịch (mùng ${i + 1}) / Lunar New Year` });
  holidays.push({
    date: solarFromLunar({ year, month: 3, day: 10, leap: false }),
    name: "Giỗ Tổ Hùng Vương (10/3 âm lịch) / Hung Kings' Commemoration",
  });
  holidays.push({ date: makeDate(year, 4, 30), name: 'Ngày Chiến thắng / Reunification Day' });
  holidays.push({ date: makeDate(year, 5, 1), name: 'Ngày Quốc tế Lao động / International Labour Day' });
  holidays.push({ date: makeDate(year, 9, 2), name: 'Quốc khánh / National Day' });
  holidays.push({ date: nationalDayNeighbour(year), name: 'Quốc khánh (ngày liền kề) / National Day (adjacent day)' });
  // Two holidays on one date (10/3 lunar can come close to 30 April) are one day off.
  const byDate = new Map<IsoDate, string>();
  for (const h of holidays) byDate.set(h.date, byDate.has(h.date) ? `${byDate.get(h.date)}; ${h.name}` : h.name);
  return [...byDate].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, name]) => ({ date, name }));
}

/**
 * The statutory calendar of `year` in the official calendar's shape: the art. 112 holidays, and for each one on a
 * Saturday or Sunday the next weekday that is neither a holiday nor already a day in lieu (art. 111 §3). A day in
 * lieu of a late-December holiday would fall in January of the next year; none of the holidays is that late.
 */
export function statutoryCalendar(year: number): CalendarYear {
  const holidays = statutoryHolidays(year);
  const off = new Set(holidays.map((h) => h.date));
  const daysOff: CalendarYear['daysOff'] = holidays.map((h) => ({ ...h, source: STATUTORY_SOURCE_ID }));
  for (const holiday of holidays) {
    if (!isWeekend(holiday.date)) continue;
    let lieu = addDays(holiday.date, 1);
    while (isWeekend(lieu) || off.has(lieu)) lieu = addDays(lieu, 1);
    off.add(lieu);
    daysOff.push({
      date: lieu,
      name: `Nghỉ bù ${holiday.name.split(' / ')[0]} (${holiday.date}) / Day in lieu`,
      source: STATUTORY_SOURCE_ID,
    });
  }
  daysOff.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { year, sources: [SOURCE], daysOff, workingSaturdays: [] };
}
