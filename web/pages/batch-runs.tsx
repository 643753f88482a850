/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The batch runs of the last while (calendar re-plans, reorganisations), each with how far it has got. */
import type { BatchRunView } from '../../services/batch-runs';
import { Table } from '../components/table';
import { DICTS, fmtInstant, type Lang } from '../i18n';

export function BatchRuns(props: { lang: Lang; runs: BatchRunView[] }) {
  const t = DICTS[props.lang];
  const running = props.runs.some((r) => !r.finished);
  return (
    <>
      <p class="muted">{running ? t.batchRunsRefreshing : t.batchRunsIntro}</p>
      {props.runs.length === 0 ? (
        <p>{t.batchRunsNone}</p>
      ) : (
        <Table
          testid="batch-runs"
          columns={[
            { head: t.batchRunKind, cell: (r) => t.batchRunKinds[r.kind], rowHeader: true },
            { head: t.batchRunSubject, cell: (r) => r.subject },
            { head: t.batchRunStarted, cell: (r) => fmtInstant(props.lang, r.startedAt) },
            { head: t.status, cell: (r) => t.batchRunStatuses[r.status] },
            {
              head: t.batchRunProgress,
              cell: (r) => (
                <>
                  <progress max={Math.max(r.total, 1)} value={r.finished ? Math.max(r.total, 1) : r.done} />{' '}
                  {t.batchRunDone(r.done, r.total)}
                </>
              ),
            },
          ]}
          rows={props.runs}
          rowAttrs={(r) => ({
            'data-workflow': r.workflowId,
            'data-status': r.status,
            'data-done': String(r.done),
            'data-total': String(r.total),
          })}
        />
      )}
    </>
  );
}
