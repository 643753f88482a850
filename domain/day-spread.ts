/**
 * The 08:00 herd: every day-based step (reminders, escalations and repeats counted in days or working days)
 * fires at the policy's time of day, so at 100,000 assignments one instant carries them all. Each assignment
 * instead fires its day-based steps at a fixed offset into a window after that time, derived from its workflow
 * id: deterministic (replay and every re-plan give the same instant), spread evenly, and the same every day.
 */

/** The window after the policy's time of day that day-based steps spread over: an hour. */
export const DAY_STEP_SPREAD_WINDOW_MS = 3_600_000;
/** Offsets fall on whole seconds: 3,600 slots in the hour. */
const SLOT_MS = 1000;

/** FNV-1a, 32 bits, over the UTF-16 code units: small, fast and well spread for short ids. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** How long after the policy's time of day this workflow's day-based steps fire: [0, 1 h), whole seconds. */
export function daySpreadOf(workflowId: string): number {
  return (fnv1a(workflowId) % (DAY_STEP_SPREAD_WINDOW_MS / SLOT_MS)) * SLOT_MS;
}
