/** Summarises a V8 .cpuprofile: self time by function (and by file), top entries. */
import { readFile } from 'node:fs/promises';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export async function summariseProfile(
  file: string,
  top = 15,
): Promise<{ totalMs: number; functions: { name: string; selfPct: number }[]; files: { file: string; selfPct: number }[] }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as {
    nodes: Node[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
    endTime: number;
  };
  const hits = new Map<number, number>();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const total = profile.samples.length || 1;
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const n of profile.nodes) {
    const h = hits.get(n.id) ?? 0;
    if (!h) continue;
    const url = n.callFrame.url.replace(/^file:\/\/\/work\/main\//, '').replace(/^.*node_modules\//, 'node_modules/');
    const name = `${n.callFrame.functionName || '(anonymous)'} ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
    byFn.set(name, (byFn.get(name) ?? 0) + h);
    const key = url
      ? url.startsWith('node_modules/')
        ? url
            .split('/')
            .slice(0, url.includes('@') ? 3 : 2)
            .join('/')
        : url
      : n.callFrame.functionName || '(native)';
    byFile.set(key, (byFile.get(key) ?? 0) + h);
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return {
    totalMs: (profile.endTime - profile.startTime) / 1000,
    functions: sorted(byFn).map(([name, h]) => ({ name, selfPct: Math.round((h / total) * 1000) / 10 })),
    files: sorted(byFile).map(([file, h]) => ({ file, selfPct: Math.round((h / total) * 1000) / 10 })),
  };
}
