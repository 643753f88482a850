/**
 * The execution report as a ministry or province sends it upward: an XLSX sheet (title block with the agency, the
 * period and the cut-off; the five columns per row; a totals row; a signature block), CSV (UTF-8 with BOM, for
 * Excel) and a printable HTML page (A4 landscape; Chromium's print gives the PDF). Bilingual headings.
 */
import ExcelJS from 'exceljs';
import { toCsv } from '../domain/csv';
import type { ExecutionReport, GroupFigures } from './execution-report';

export const DEFAULT_AGENCY = 'Văn phòng Chính phủ / Government Office';

const VN_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dmy = (iso: string) => iso.split('-').reverse().join('/');
const cutoffText = (asOf: string) => VN_TIME.format(new Date(asOf)).replace(',', '');
const percent = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(1)}%`);

const GROUP_HEADINGS: Record<ExecutionReport['groupBy'], string> = {
  unit: 'Đơn vị / Unit',
  kind: 'Loại đơn vị / Kind of unit',
  directive: 'Văn bản / Directive',
  issuer: 'Cơ quan giao / Issuer',
};

export const COLUMN_HEADINGS = [
  'Tổng số nhiệm vụ được giao / Total assigned',
  'Đã hoàn thành đúng hạn / Completed on time',
  'Đã hoàn thành quá hạn / Completed late',
  'Chưa hoàn thành, trong hạn / Not completed, within deadline',
  'Chưa hoàn thành, quá hạn / Not completed, overdue',
] as const;
const RATE_HEADING = 'Tỷ lệ đúng hạn / On-time rate';
const TARGET_HEADING = 'Chỉ tiêu đạt / Targets met';

type Row = Pick<
  GroupFigures,
  'total' | 'completedOnTime' | 'completedLate' | 'openWithinDeadline' | 'openOverdue' | 'onTimeRate' | 'attainment'
>;

function cells(r: Row): (number | string)[] {
  const targets = r.attainment.withTarget ? `${r.attainment.met}/${r.attainment.withTarget}` : '';
  return [r.total, r.completedOnTime, r.completedLate, r.openWithinDeadline, r.openOverdue, percent(r.onTimeRate), targets];
}

export interface ExportOptions {
  /** The agency sending the report (the title block's top left). */
  agency?: string;
}

function titleLines(report: ExecutionReport, o: ExportOptions) {
  return {
    agency: (o.agency ?? DEFAULT_AGENCY).toUpperCase(),
    title: 'BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ ĐƯỢC GIAO / REPORT ON THE EXECUTION OF ASSIGNED TASKS',
    period: `Nhiệm vụ giao từ ngày ${dmy(report.assignedFrom)} đến ngày ${dmy(report.assignedTo)} / Tasks assigned from ${report.assignedFrom} to ${report.assignedTo}`,
    cutoff: `Số liệu tính đến ${cutoffText(report.asOf)} (giờ Việt Nam) / Figures as of ${report.asOf}`,
    basis:
      report.deadline === 'original'
        ? 'Đúng hạn tính theo thời hạn ban đầu / On time against the original deadline'
        : 'Đúng hạn tính theo thời hạn đã điều chỉnh / On time against the adjusted deadline',
  };
}

export async function executionXlsx(report: ExecutionReport, o: ExportOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dondoc';
  const ws = wb.addWorksheet('Bao cao', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const lastCol = 2 + COLUMN_HEADINGS.length + 2; // STT, name, five columns, rate, targets
  const t = titleLines(report, o);
  const bold = { bold: true };
  const centred = { horizontal: 'center', vertical: 'middle', wrapText: true } as const;

  ws.mergeCells(1, 1, 1, 3);
  ws.getCell(1, 1).value = t.agency;
  ws.getCell(1, 1).font = bold;
  ws.mergeCells(1, 5, 1, lastCol);
  ws.getCell(1, 5).value = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
  ws.getCell(1, 5).font = bold;
  ws.getCell(1, 5).alignment = centred;
  ws.mergeCells(2, 5, 2, lastCol);
  ws.getCell(2, 5).value = 'Độc lập - Tự do - Hạnh phúc';
  ws.getCell(2, 5).alignment = centred;
  const lines = [t.title, t.period, t.cutoff, t.basis];
  lines.forEach((text, i) => {
    const row = 4 + i;
    ws.mergeCells(row, 1, row, lastCol);
    const cell = ws.getCell(row, 1);
    cell.value = text;
    cell.alignment = centred;
    if (i === 0) cell.font = { bold: true, size: 13 };
  });

  const headerRow = 9;
  const header = ['STT / No.', GROUP_HEADINGS[report.groupBy], ...COLUMN_HEADINGS, RATE_HEADING, TARGET_HEADING];
  ws.getRow(headerRow).values = header;
  ws.getRow(headerRow).font = bold;
  ws.getRow(headerRow).alignment = centred;
  ws.getRow(headerRow).height = 48;
  const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
  report.groups.forEach((g, i) => {
    ws.getRow(headerRow + 1 + i).values = [i + 1, g.label, ...cells(g)];
  });
  const totalsRow = headerRow + 1 + report.groups.length;
  ws.getRow(totalsRow).values = ['', 'Tổng cộng / Total', ...cells(report.totals)];
  ws.getRow(totalsRow).font = bold;
  for (let r = headerRow; r <= totalsRow; r++) for (let c = 1; c <= lastCol; c++) ws.getCell(r, c).border = border;
  ws.getColumn(1).width = 8;
  ws.getColumn(2).width = 40;
  for (let c = 3; c <= lastCol; c++) ws.getColumn(c).width = 16;

  // Signature block: the preparer on the left, the head of the agency on the right, as paper reports are signed.
  const sign = totalsRow + 2;
  ws.mergeCells(sign, 5, sign, lastCol);
  ws.getCell(sign, 5).value = '......, ngày ... tháng ... năm ......';
  ws.getCell(sign, 5).alignment = centred;
  ws.mergeCells(sign + 1, 1, sign + 1, 3);
  ws.getCell(sign + 1, 1).value = 'NGƯỜI LẬP BIỂU / PREPARED BY';
  ws.getCell(sign + 1, 1).font = bold;
  ws.getCell(sign + 1, 1).alignment = centred;
  ws.mergeCells(sign + 1, 5, sign + 1, lastCol);
  ws.getCell(sign + 1, 5).value = 'THỦ TRƯỞNG CƠ QUAN / HEAD OF AGENCY';
  ws.getCell(sign + 1, 5).font = bold;
  ws.getCell(sign + 1, 5).alignment = centred;
  ws.mergeCells(sign + 2, 1, sign + 2, 3);
  ws.getCell(sign + 2, 1).value = '(Ký, ghi rõ họ tên / Signature and full name)';
  ws.getCell(sign + 2, 1).alignment = centred;
  ws.mergeCells(sign + 2, 5, sign + 2, lastCol);
  ws.getCell(sign + 2, 5).value = '(Ký, ghi rõ họ tên, đóng dấu / Signature, full name and seal)';
  ws.getCell(sign + 2, 5).alignment = centred;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function executionCsv(report: ExecutionReport): string {
  const header = [
    'key',
    GROUP_HEADINGS[report.groupBy],
    ...COLUMN_HEADINGS,
    RATE_HEADING,
    TARGET_HEADING,
    'asOf',
    'assignedFrom',
    'assignedTo',
    'deadline',
  ];
  const meta = [report.asOf, report.assignedFrom, report.assignedTo, report.deadline];
  const lines = [
    header,
    ...report.groups.map((g) => [g.key, g.label, ...cells(g), ...meta]),
    ['', 'Tổng cộng / Total', ...cells(report.totals), ...meta],
  ];
  return toCsv(lines);
}

const escapeHtml = (s: string | number) =>
  String(s).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

export function executionHtml(report: ExecutionReport, o: ExportOptions = {}): string {
  const t = titleLines(report, o);
  const row = (no: string | number, label: string, r: Row, cls = '') =>
    `<tr${cls ? ` class="${cls}"` : ''}><td>${escapeHtml(no)}</td><th scope="row">${escapeHtml(label)}</th>${cells(r)
      .map((v) => `<td>${escapeHtml(v)}</td>`)
      .join('')}</tr>`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(t.title)}</title>
<style>
  @page { size: A4 landscape; margin: 15mm; }
  body { font-family: "Times New Roman", serif; font-size: 12pt; color: #000; }
  .head { display: flex; justify-content: space-between; text-align: center; }
  h1 { font-size: 14pt; text-align: center; margin: 18pt 0 4pt; }
  p.meta { text-align: center; margin: 2pt 0; }
  table { border-collapse: collapse; width: 100%; margin-top: 12pt; }
  th, td { border: 1px solid #000; padding: 3pt 5pt; }
  thead th { text-align: center; }
  td { text-align: right; }
  tbody th { text-align: left; font-weight: normal; }
  tr.total th, tr.total td { font-weight: bold; }
  .sign { display: flex; justify-content: space-between; margin-top: 24pt; text-align: center; }
  .sign div { width: 40%; }
  @media print { a { color: inherit; text-decoration: none; } }
</style></head>
<body>
<div class="head"><div><strong>${escapeHtml(t.agency)}</strong></div>
<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc</div></div>
<h1>${escapeHtml(t.title)}</h1>
<p class="meta">${escapeHtml(t.period)}</p>
<p class="meta">${escapeHtml(t.cutoff)}</p>
<p class="meta">${escapeHtml(t.basis)}</p>
<table>
<thead><tr><th scope="col">STT / No.</th><th scope="col">${escapeHtml(GROUP_HEADINGS[report.groupBy])}</th>${[
    ...COLUMN_HEADINGS,
    RATE_HEADING,
    TARGET_HEADING,
  ]
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .join('')}</tr></thead>
<tbody>
${report.groups.map((g, i) => row(i + 1, g.label, g)).join('\n')}
${row('', 'Tổng cộng / Total', report.totals, 'total')}
</tbody></table>
<p class="meta" style="text-align:right">......, ngày ... tháng ... năm ......</p>
<div class="sign"><div><strong>NGƯỜI LẬP BIỂU / PREPARED BY</strong><br>(Ký, ghi rõ họ tên)</div>
<div><strong>THỦ TRƯỞNG CƠ QUAN / HEAD OF AGENCY</strong><br>(Ký, ghi rõ họ tên, đóng dấu)</div></div>
</body></html>`;
}
