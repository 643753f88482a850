/**
 * A pass-through HTTP proxy in front of the API that times every answer (first byte sent to last byte received)
 * and counts statuses, so a fuzz run reports its own figures whatever the fuzzer's report holds.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowOrFailed {
  method: string;
  path: string;
  status: number | 'no answer';
  ms: number;
}

export interface TrafficFigures {
  requests: number;
  serverErrors: number;
  maxMs: number;
  /** Answers that were 5xx, never came, or took longer than the limit (the first 50). */
  failing: SlowOrFailed[];
  /** Answers slower than the limit. */
  slow: number;
}

export interface RecordingProxy {
  url: string;
  /** The figures since the last call, then starts counting afresh. */
  take(): TrafficFigures;
  close(): Promise<void>;
}

const empty = (): TrafficFigures => ({ requests: 0, serverErrors: 0, maxMs: 0, failing: [], slow: 0 });
/** Query strings are cut: a path with its first 200 characters is enough to find the case again. */
const shortPath = (url: string) => (url.length > 200 ? `${url.slice(0, 200)}…` : url);

export async function startRecordingProxy(target: string, slowMs: number): Promise<RecordingProxy> {
  const upstream = new URL(target);
  let figures = empty();
  const record = (entry: SlowOrFailed) => {
    figures.requests += 1;
    figures.maxMs = Math.max(figures.maxMs, entry.ms);
    const serverError = entry.status === 'no answer' || entry.status >= 500;
    if (serverError) figures.serverErrors += 1;
    if (entry.ms > slowMs) figures.slow += 1;
    if ((serverError || entry.ms > slowMs) && figures.failing.length < 50) figures.failing.push(entry);
  };
  const server = createServer((req, res) => {
    const started = performance.now();
    const path = req.url ?? '/';
    // The fuzzer's own fetch of the document is not a case.
    const counted = !path.startsWith('/openapi.json');
    const headers: IncomingHttpHeaders = { ...req.headers, host: upstream.host };
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => {
        if (counted)
          record({ method: req.method ?? '?', path: shortPath(path), status: answer.statusCode ?? 0, ms: performance.now() - started });
      });
    });
    out.on('error', () => {
      if (counted) record({ method: req.method ?? '?', path: shortPath(path), status: 'no answer', ms: performance.now() - started });
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    take() {
      const taken = figures;
      figures = empty();
      taken.maxMs = Math.round(taken.maxMs);
      for (const f of taken.failing) f.ms = Math.round(f.ms);
      return taken;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
