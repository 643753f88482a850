/** Task tables as an office's spreadsheet holds them, for the import's tests: the template's headers, and a workbook. */
import ExcelJS from 'exceljs';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const TASK_TABLE_HEADERS = [
  'Mã nhiệm vụ / Task id',
  'Tên nhiệm vụ / Task title',
  'Mô tả / Description',
  'Đơn vị chủ trì / Lead unit(s)',
  'Đơn vị phối hợp / Co-operating units',
  'Thời hạn / Deadline',
  'Nhiệm vụ trọng tâm / Key task',
  'Yêu cầu xác nhận hoàn thành / Confirmation required',
];

/** A workbook written by exceljs: the headers, then the rows; `edit` may change the sheet (merged cells, say). */
export async function taskTableWorkbook(rows: unknown[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Nhiệm vụ');
  sheet.addRow(TASK_TABLE_HEADERS);
  for (const row of rows) sheet.addRow(row);
  edit?.(sheet);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
