/** A small hand-written SVG line/step chart: a few series of (x, y) points, axes with ticks, a legend. */
export interface Series {
  label: string;
  points: [number, number][];
  color?: string;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd'];
const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

function ticks(min: number, max: number, n = 5): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9 && out.length < 20; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

export function lineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
}): string {
  const W = options.width ?? 720;
  const H = options.height ?? 400;
  const m = { l: 70, r: 20, t: 40, b: 50 };
  const all = options.series.flatMap((s) => s.points);
  const xMax = Math.max(1e-9, ...all.map((p) => p[0]));
  const yMax = Math.max(1e-9, ...all.map((p) => p[1]));
  const xMin = Math.min(0, ...all.map((p) => p[0]));
  const yMin = Math.min(0, ...all.map((p) => p[1]));
  const sx = (x: number) => m.l + ((x - xMin) / (xMax - xMin || 1)) * (W - m.l - m.r);
  const sy = (y: number) => H - m.b - ((y - yMin) / (yMax - yMin || 1)) * (H - m.t - m.b);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(options.title)}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`,
  ];
  for (const t of ticks(xMin, xMax)) {
    parts.push(`<line x1="${sx(t)}" y1="${H - m.b}" x2="${sx(t)}" y2="${H - m.b + 5}" stroke="black"/>`);
    parts.push(`<text x="${sx(t)}" y="${H - m.b + 18}" text-anchor="middle">${t}</text>`);
  }
  for (const t of ticks(yMin, yMax)) {
    parts.push(`<line x1="${m.l - 5}" y1="${sy(t)}" x2="${W - m.r}" y2="${sy(t)}" stroke="#ddd"/>`);
    parts.push(`<text x="${m.l - 8}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`);
  }
  parts.push(`<text x="${(W + m.l) / 2}" y="${H - 10}" text-anchor="middle">${esc(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${(H - m.b + m.t) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`);
  options.series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length];
    const pts = s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts}"/>`);
    parts.push(`<rect x="${m.l + 12}" y="${m.t + 6 + i * 18}" width="14" height="4" fill="${color}"/>`);
    parts.push(`<text x="${m.l + 32}" y="${m.t + 12 + i * 18}">${esc(s.label)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** Empirical CDF points of values (sorted), at most `max` points. */
export function cdf(values: number[], max = 400): [number, number][] {
  const sorted = [...values].sort((a, b) => a - b);
  const step = Math.max(1, Math.floor(sorted.length / max));
  const out: [number, number][] = [];
  for (let i = 0; i < sorted.length; i += step) out.push([sorted[i]!, (i + 1) / sorted.length]);
  if (sorted.length) out.push([sorted[sorted.length - 1]!, 1]);
  return out;
}
