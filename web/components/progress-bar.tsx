/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */

/** A stacked bar: on time, late, awaiting, overdue, out of the total. */
export function ProgressBar(props: { total: number; onTime: number; late: number; awaiting: number; overdue: number; label: string }) {
  const pct = (n: number) => (props.total ? (100 * n) / props.total : 0);
  const done = props.onTime + props.late;
  return (
    <div
      class="bar"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={props.total}
      aria-valuenow={done}
      title={props.label}
    >
      <span class="b-ok" style={`width:${pct(props.onTime)}%`} />
      <span class="b-late" style={`width:${pct(props.late)}%`} />
      <span class="b-wait" style={`width:${pct(props.awaiting)}%`} />
      <span class="b-bad" style={`width:${pct(props.overdue)}%`} />
    </div>
  );
}

/** The same bar over a roll-up's counts. */
export function RollupBar(props: {
  r: { total: number; completedOnTime: number; completedLate: number; awaitingConfirmation: number; overdue: number };
  label: string;
}) {
  const { r } = props;
  return (
    <ProgressBar
      total={r.total}
      onTime={r.completedOnTime}
      late={r.completedLate}
      awaiting={r.awaitingConfirmation}
      overdue={r.overdue}
      label={props.label}
    />
  );
}
