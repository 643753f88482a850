/** Figures, percentiles and the results files (JSON + markdown table). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Figure {
  section: string;
  name: string;
  unit: string;
  /** dondoc's value. */
  value: number | null;
  /** The baseline's value measured in the same run (null: none applies). */
  baseline: number | null;
  /** value / baseline (null when either is missing or the baseline is 0). */
  ratio: number | null;
  /** The goal, in words, and whether it was met (null: no goal for this figure). */
  goal?: string;
  met?: boolean | null;
  note?: string;
}

export function figure(f: Omit<Figure, 'ratio'> & { ratio?: number | null }): Figure {
  const ratio = f.ratio !== undefined ? f.ratio : f.value !== null && f.baseline !== null && f.baseline !== 0 ? f.value / f.baseline : null;
  return { ...f, ratio };
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** Count, percentiles and extremes of a set of latencies (ms), unrounded. */
export function latencySummary(values: number[]) {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: percentile(values, 100),
    min: percentile(values, 0),
  };
}

export const round = (v: number | null, digits = 2) => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits)));

function fmt(v: number | null, digits = 2): string {
  if (v === null || v === undefined) return '–';
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toFixed(digits)));
}

export function table(figures: Figure[]): string[][] {
  return figures.map((f) => [
    f.section,
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.baseline === null ? '–' : `${fmt(f.baseline)} ${f.unit}`,
    f.ratio === null ? '–' : `${fmt(f.ratio, 3)}×`,
    f.goal ? `${f.goal} ${f.met === true ? '✅' : f.met === false ? '❌' : ''}`.trim() : '',
  ]);
}

const HEAD = ['section', 'figure', 'dondoc', 'baseline', 'ratio', 'goal'];

export function printTable(figures: Figure[]): string {
  const rows = [HEAD, ...table(figures)];
  const widths = HEAD.map((_, i) => Math.max(...rows.map((r) => [...r[i]!].length)));
  return rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join('  ')).join('\n');
}

export function markdownTable(figures: Figure[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  return [
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...table(figures).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export interface Results {
  startedAt: string;
  finishedAt: string;
  size: string;
  sections: string[];
  /** The Temporal engine the sections ran on (absent in results from before the cluster mode: the dev server). */
  temporal?: 'dev' | 'cluster';
  machine: { cpus: number; memoryGiB: number; node: string; platform: string };
  figures: Figure[];
  /** Per-section detail: raw numbers, settings, profiling evidence, notes. */
  details: Record<string, unknown>;
  /** Free-text notes per section (limits, tuning, what was measured), also rendered into the markdown. */
  notes: Record<string, string[]>;
  charts: string[];
}

export async function writeResults(dir: string, results: Results): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  const md = [
    `# dondoc benchmark results`,
    '',
    `Run ${results.startedAt} → ${results.finishedAt}, size \`${results.size}\`, sections ${results.sections.join(', ')}, ` +
      `on ${results.temporal === 'cluster' ? 'the Temporal cluster (server built from source, four services, Postgres stores)' : 'the Temporal CLI dev server'}; ` +
      `${results.machine.cpus} CPUs, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}. ` +
      `Ratio = dondoc ÷ baseline (for rates higher is better, for latencies and sizes lower is better). See bench/README.md.`,
    '',
    markdownTable(results.figures),
    '',
    'Where a goal is not met, [analysis.md](analysis.md) says what limits it, with the evidence (written by hand for the committed run).',
    '',
    ...results.charts.map((c) => `![${c}](${c})`),
    '',
    ...Object.entries(results.notes).flatMap(([section, lines]) => [`## ${section}`, '', ...lines.map((l) => `- ${l}`), '']),
  ].join('\n');
  await writeFile(join(dir, 'latest.md'), md);
}
