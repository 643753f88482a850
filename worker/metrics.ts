/**
 * A worker process's Prometheus metrics on one port: the Temporal SDK's own (its Rust core exports them through
 * the runtime's telemetry on an internal loopback port, re-served here) and dondoc's, counted with prom-client:
 * activity executions and failures by activity type.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Context } from '@temporalio/activity';
import { Runtime, makeTelemetryFilterString, type ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { freePort } from './ports';

export interface WorkerMetrics {
  registry: Registry;
  /** Counts activity failures by type; pass to Worker.create's `interceptors.activity`. */
  activityInterceptor: ActivityInterceptorsFactory;
}

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dondoc_worker_' });
  const executed = new Counter({
    name: 'dondoc_activity_executions_total',
    help: 'Activity executions started on this worker, by activity type',
    labelNames: ['activity_type'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'dondoc_activity_failures_total',
    help: 'Activity executions that threw (each retry attempt counts), by activity type',
    labelNames: ['activity_type'] as const,
    registers: [registry],
  });
  const activityInterceptor: ActivityInterceptorsFactory = () => ({
    inbound: {
      async execute(input, next) {
        const activityType = Context.current().info.activityType;
        executed.inc({ activity_type: activityType });
        try {
          return await next(input);
        } catch (err) {
          failed.inc({ activity_type: activityType });
          throw err;
        }
      },
    },
  });
  return { registry, activityInterceptor };
}

/**
 * Installs the process's Temporal runtime with the SDK's Prometheus exporter on a free loopback port, and returns
 * that port. Call once, before the first connection. The runtime's default shutdown signals stay: SIGINT/SIGTERM
 * shut the worker down and `worker.run()` returns.
 */
export async function installRuntimeWithMetrics(): Promise<number> {
  const port = await freePort();
  Runtime.install({
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) },
      metrics: { prometheus: { bindAddress: `127.0.0.1:${port}`, countersTotalSuffix: true } },
    },
  });
  return port;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `/metrics`: dondoc's registry followed by the SDK's exposition (their names never overlap). */
export async function serveWorkerMetrics(options: {
  registry: Registry;
  sdkMetricsPort: number;
  port: number;
  hostname?: string;
}): Promise<MetricsServer> {
  const server: Server = createServer(async (req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    try {
      const [own, sdk] = await Promise.all([
        options.registry.metrics(),
        fetch(`http://127.0.0.1:${options.sdkMetricsPort}/metrics`)
          .then((r) => r.text())
          .catch(() => ''),
      ]);
      res.writeHead(200, { 'content-type': options.registry.contentType }).end(`${own}\n${sdk}`);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  const hostname = options.hostname ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, hostname, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
