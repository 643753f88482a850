/**
 * The execution reports (five columns as of a cut-off, per unit, kind, directive or issuer), the units' ranking,
 * the exports (XLSX, CSV, printable HTML), and measurable targets with the values units report against them.
 */
import { jsonContent, jsonBody, type ApiApp } from '../env';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { isIsoDate } from '../../domain/dates';
import type { Principal } from '../../services/access';
import type { AppDeps } from '../../services/deps';
import { defaultPeriod, endOfDayCutoff, unitRanking } from '../../services/execution-ranking';
import { executionCsv, executionHtml, executionXlsx } from '../../services/execution-exports';
import { executionReport, reportedAssignments, type ExecutionQuery } from '../../services/execution-report';
import { assignmentTarget, recordMeasurement, setTaskTarget } from '../../services/targets';
import { unitCode } from '../schemas';
import {
  assignmentTargetSchema,
  behindQuery,
  executionQuery,
  executionReportSchema,
  exportQuery,
  measurementInput,
  measurementSchema,
  rankingQuery,
  rankingSchema,
  reportedAssignmentsSchema,
  reportQuery,
  targetInput,
  targetSchemaApi,
} from '../schemas-reports';
import { errorResponses, principalOf, security } from './common';

type ReportQuery = z.infer<typeof reportQuery> & { groupBy?: ExecutionQuery['groupBy'] };

/** The cut-off (now by default; a date alone is the end of that day in Vietnam) and the period (the year so far). */
function toExecutionQuery(deps: AppDeps, q: ReportQuery): ExecutionQuery {
  const asOf = q.asOf === undefined ? (deps.now?.() ?? Date.now()) : isIsoDate(q.asOf) ? endOfDayCutoff(q.asOf) : Date.parse(q.asOf);
  const period = defaultPeriod(asOf);
  return {
    assignedFrom: q.assignedFrom ?? period.assignedFrom,
    assignedTo: q.assignedTo ?? period.assignedTo,
    asOf,
    groupBy: q.groupBy ?? 'unit',
    deadline: q.deadline,
    keyOnly: q.key === 'true',
    directiveId: q.directive,
  };
}

const file = (description: string, type: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: type.startsWith('text/') ? undefined : 'binary' }) } },
});
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const taskUnitParams = z.object({
  taskId: z
    .string()
    .max(80)
    .openapi({ param: { name: 'taskId', in: 'path' } }),
  unitCode: unitCode.openapi({ param: { name: 'unitCode', in: 'path' } }),
});

async function reportFor(deps: AppDeps, c: Context, q: ReportQuery) {
  const principal: Principal = principalOf(c);
  return executionReport(deps, principal, toExecutionQuery(deps, q));
}

const attachment = (name: string) => `attachment; filename="${name}"`;

export function registerReportRoutes(app: ApiApp, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/execution',
      tags: ['reports'],
      summary: 'The five columns (total; completed on time; completed late; open within the deadline; open overdue) as of a cut-off',
      description:
        'Computed from the event log, so the same cut-off gives the same figures later. Tasks are in the period by the date of the ' +
        'document that assigned them; cancelled and reassigned-away assignments are not counted (a successor is).',
      security,
      request: { query: executionQuery },
      responses: { 200: jsonContent(executionReportSchema, 'Figures'), ...errorResponses },
    }),
    async (c) => c.json(await reportFor(deps, c, c.req.valid('query')), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/execution/assignments',
      tags: ['reports'],
      summary: 'The assignments behind a figure of the execution report (filter by group and column)',
      security,
      request: { query: behindQuery },
      responses: { 200: jsonContent(reportedAssignmentsSchema, 'Assignments'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const rows = await reportedAssignments(deps, principalOf(c), toExecutionQuery(deps, q));
      const items = rows.filter(
        (r) => (q.group === undefined || r.groupKey === q.group) && (q.column === undefined || r.column === q.column),
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/execution.xlsx',
      tags: ['reports'],
      summary: 'The execution report as the XLSX sheet sent upward: title block, five columns per row, totals, signatures',
      security,
      request: { query: exportQuery },
      responses: { 200: file('XLSX workbook', XLSX), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const report = await reportFor(deps, c, q);
      const body = await executionXlsx(report, { agency: q.agency });
      return c.body(new Uint8Array(body), 200, {
        'content-type': XLSX,
        'content-disposition': attachment(`bao-cao-thuc-hien-${report.asOf.slice(0, 10)}.xlsx`),
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/execution.csv',
      tags: ['reports'],
      summary: 'The execution report as CSV (UTF-8 with BOM)',
      security,
      request: { query: executionQuery },
      responses: { 200: file('CSV', 'text/csv'), ...errorResponses },
    }),
    async (c) => {
      const report = await reportFor(deps, c, c.req.valid('query'));
      return c.body(executionCsv(report), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': attachment(`bao-cao-thuc-hien-${report.asOf.slice(0, 10)}.csv`),
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/execution.html',
      tags: ['reports'],
      summary: 'The execution report as a printable page (A4 landscape; print it to PDF)',
      security,
      request: { query: exportQuery },
      responses: { 200: file('HTML', 'text/html'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.body(executionHtml(await reportFor(deps, c, q), { agency: q.agency }), 200, { 'content-type': 'text/html; charset=utf-8' });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/reports/ranking',
      tags: ['reports'],
      summary:
        'Units ranked on the period (on-time rate, an open overdue counting as a miss), key tasks apart, with the change from the previous period',
      security,
      request: { query: rankingQuery },
      responses: { 200: jsonContent(rankingSchema, 'Ranking'), ...errorResponses },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await unitRanking(deps, principalOf(c), { ...toExecutionQuery(deps, q), unitKind: q.unitKind }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/v1/tasks/{taskId}/target',
      tags: ['targets'],
      summary: "Set or clear a task's measurable target (coordinators)",
      security,
      request: {
        params: z.object({
          taskId: z
            .string()
            .max(80)
            .openapi({ param: { name: 'taskId', in: 'path' } }),
        }),
        body: { content: jsonBody(targetInput), required: true },
      },
      responses: {
        200: {
          description: 'The target',
          content: { 'application/json': { schema: z.object({ taskId: z.string(), target: targetSchemaApi.nullable() }) } },
        },
        ...errorResponses,
      },
    }),
    async (c) => c.json(await setTaskTarget(deps, principalOf(c), c.req.valid('param').taskId, c.req.valid('json').target), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/tasks/{taskId}/assignments/{unitCode}/measurements',
      tags: ['targets'],
      summary: 'The unit reports a measured value against the target, with its source and date (send an Idempotency-Key)',
      security,
      request: { params: taskUnitParams, body: { content: jsonBody(measurementInput), required: true } },
      responses: { 201: jsonContent(measurementSchema, 'Recorded'), ...errorResponses },
    }),
    async (c) => {
      const { taskId, unitCode: unit } = c.req.valid('param');
      return c.json(await recordMeasurement(deps, principalOf(c), taskId, unit, c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/tasks/{taskId}/assignments/{unitCode}/target',
      tags: ['targets'],
      summary:
        'The target, the values reported by the cut-off, and the judgement: met or missed after the due date, on track or at risk before',
      security,
      request: { params: taskUnitParams, query: reportQuery.pick({ asOf: true }) },
      responses: { 200: jsonContent(assignmentTargetSchema, 'Attainment'), ...errorResponses },
    }),
    async (c) => {
      const { taskId, unitCode: unit } = c.req.valid('param');
      const q = c.req.valid('query');
      const asOf = toExecutionQuery(deps, { deadline: 'adjusted', key: 'false', asOf: q.asOf }).asOf;
      return c.json(await assignmentTarget(deps, principalOf(c), taskId, unit, asOf), 200);
    },
  );
}
