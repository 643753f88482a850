/**
 * ISO-8601 durations limited to exact units (weeks, days, hours, minutes, seconds): years and months have no
 * fixed length, so a policy that means "a month" must say it in days.
 */
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds in `text` (e.g. "PT5S", "P1DT2H"), or null when it is not such a duration. */
export function parseIsoDuration(text: string): number | null {
  const m = ISO_DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [weeks, days, hours, minutes, seconds] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return ((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}
