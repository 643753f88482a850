/**
 * The one CSV writer of the project, and the rule that keeps a spreadsheet from running a cell as a formula
 * (CSV injection): every CSV dondoc produces goes through `toCsv`, and every CSV it reads is checked with
 * `formulaLikeStart`. Pure.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** ',' by default; ';' is what Excel writes and expects in a Vietnamese locale. */
  delimiter?: ',' | ';' | '\t';
  /** A UTF-8 byte order mark first, so Excel reads the file as UTF-8 (default true). */
  bom?: boolean;
}

/** Whitespace and control characters a spreadsheet skips before it looks for a formula sign (and zero-width ones). */
const LEADING_IGNORED = /^[\s\p{Cc}\u200B-\u200D\u2060\uFEFF]+/u;

/** The text a spreadsheet would look at for a formula sign: leading whitespace and control characters removed. */
export function significantStart(text: string): string {
  return text.replace(LEADING_IGNORED, '');
}

/**
 * Whether a written cell needs neutralising: it begins (after whitespace and control characters) with = + - @,
 * or with a tab or CR itself. Every such text cell is neutralised on output, "- Bộ Công an" included: a
 * spreadsheet reads "-…" as a formula as readily as "=…". Numbers are written as numbers and never neutralised.
 */
export function needsNeutralising(text: string): boolean {
  return /^[\t\r]/.test(text) || /^[=+\-@]/.test(significantStart(text));
}

/** A text cell a spreadsheet shows as text: a single quote before a formula-like start. */
export function neutralise(text: string): string {
  return needsNeutralising(text) ? `'${text}` : text;
}

/** The text `neutralise` was given: a CSV written by dondoc reads back as it was exported. */
export function unneutralise(text: string): string {
  return text.startsWith("'") && needsNeutralising(text.slice(1)) ? text.slice(1) : text;
}

/**
 * Whether an imported cell looks like a formula, after leading whitespace and control characters ("\t=1+1",
 * "\r=1+1" and " =1" all count): it begins with =, + or @, or with "-" followed by anything but a space. A
 * leading "- " followed by text is how Vietnamese documents write a bullet ("- Bộ Công an chủ trì ..."), so that
 * one is text; "-2+3", "-SUM(1)", "-(1)" are formulas. A lone "-" (an empty cell's placeholder) is text.
 */
export function formulaLikeStart(text: string): boolean {
  const s = significantStart(text);
  return /^[=+@]/.test(s) || /^-[^\s]/.test(s);
}

function csvCell(value: CsvValue, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutralise(value) : String(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows → CSV: cells quoted when they must be, text cells neutralised, CRLF line ends, a final CRLF. */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const body = rows.map((row) => row.map((v) => csvCell(v, delimiter)).join(delimiter)).join('\r\n');
  return `${options.bom === false ? '' : '\uFEFF'}${body}\r\n`;
}
