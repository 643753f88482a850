/** A directive's report as CSV (UTF-8 with BOM, for Excel) and XLSX (exceljs), in Vietnamese or English. */
import ExcelJS from 'exceljs';
import type { Unit } from '../domain/units';
import { DICTS, fmtDate, groupText, statusLabel, unitName, type Lang } from './i18n';
import type { DirectiveReport as ReportData } from '../services/dashboard';
import { daysLate, onTimeRate, onTimeRateDefinition } from './components/assignment-facts';
import { inLanguage } from '../domain/titles';
import { toCsv } from '../domain/csv';

const STATUS_COLS = ['completed_on_time', 'completed_late', 'awaiting_confirmation', 'not_due', 'overdue', 'cancelled'] as const;

function pick(x: ReportData['totals'], s: (typeof STATUS_COLS)[number]): number {
  switch (s) {
    case 'completed_on_time':
      return x.completedOnTime;
    case 'completed_late':
      return x.completedLate;
    case 'awaiting_confirmation':
      return x.awaitingConfirmation;
    case 'not_due':
      return x.notDue;
    case 'overdue':
      return x.overdue;
    case 'cancelled':
      return x.cancelled;
  }
}

function summaryRows(lang: Lang, r: ReportData): (string | number)[][] {
  const t = DICTS[lang];
  const header = [t.task, t.total, ...STATUS_COLS.map((s) => statusLabel(lang, s)), t.byKind, t.onTimeRate];
  const row = (title: string, x: ReportData['totals']) => [
    title,
    x.total,
    ...STATUS_COLS.map((s) => pick(x, s)),
    groupText(lang, x.byGroup),
    onTimeRate(x),
  ];
  return [header, ...r.tasks.map((x) => row(inLanguage(lang, x.title, x.titleEn), x)), row(t.total, r.totals)];
}

function overdueRows(lang: Lang, r: ReportData, unit: (code: string) => Unit | undefined, today: string): (string | number)[][] {
  const t = DICTS[lang];
  return [
    [t.unit, t.chooseUnit, t.task, t.dueOn, t.daysLate, t.escalation],
    ...r.overdue.map((a) => [
      unitName(lang, unit(a.unitCode), a.unitCode),
      a.unitCode,
      inLanguage(lang, a.taskTitle, a.taskTitleEn),
      fmtDate(lang, a.dueOn),
      daysLate(a, today),
      a.escalationLevel,
    ]),
  ];
}

export function reportCsv(lang: Lang, r: ReportData, unit: (code: string) => Unit | undefined, today: string): string {
  const t = DICTS[lang];
  return toCsv([
    [`${r.directive.number} — ${inLanguage(lang, r.directive.title, r.directive.title_en)}`],
    [groupText(lang, r.totals.byGroup), `${t.onTimeRate}: ${onTimeRate(r.totals)}`],
    [onTimeRateDefinition(lang)],
    [],
    ...summaryRows(lang, r),
    [],
    [t.overdueList],
    ...overdueRows(lang, r, unit, today),
  ]);
}

export async function reportXlsx(lang: Lang, r: ReportData, unit: (code: string) => Unit | undefined, today: string): Promise<Buffer> {
  const t = DICTS[lang];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dondoc';
  const summary = wb.addWorksheet(t.report.slice(0, 31));
  summary.addRow([`${r.directive.number} — ${inLanguage(lang, r.directive.title, r.directive.title_en)}`]).font = { bold: true };
  summary.addRow([groupText(lang, r.totals.byGroup)]);
  summary.addRow([`${t.onTimeRate}: ${onTimeRate(r.totals)}`]);
  summary.addRow([onTimeRateDefinition(lang)]);
  summary.addRow([]);
  const rows = summaryRows(lang, r);
  rows.forEach((row, i) => {
    const added = summary.addRow(row);
    if (i === 0 || i === rows.length - 1) added.font = { bold: true };
  });
  summary.getColumn(1).width = 60;
  for (let c = 2; c <= STATUS_COLS.length + 2; c += 1) summary.getColumn(c).width = 14;
  summary.getColumn(STATUS_COLS.length + 3).width = 36;
  const overdue = wb.addWorksheet(t.overdueList.slice(0, 31));
  overdueRows(lang, r, unit, today).forEach((row, i) => {
    const added = overdue.addRow(row);
    if (i === 0) added.font = { bold: true };
  });
  overdue.getColumn(1).width = 40;
  overdue.getColumn(3).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
