/** One year of the official (or statutory) calendar: its days off and swapped working Saturdays, with sources. */
import type { IsoDate } from './dates';

export interface CalendarYear {
  year: number;
  sources: { id: string; title: string; url?: string; note?: string }[];
  daysOff: { date: IsoDate; name: string; source: string }[];
  /** Each with the day off it makes up for (which may lie in the neighbouring year). */
  workingSaturdays: { date: IsoDate; replaces: IsoDate; source: string }[];
}
