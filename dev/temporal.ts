/**
 * The official Temporal CLI dev server as a child process: a real Temporal (frontend, history, matching,
 * SQLite persistence) on loopback. With `dbFile` its data survives restarts; without, it is in memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { freePort, isListening } from '../worker/ports';
import { ensureTemporalCli } from './tools';

export interface DevServerOptions {
  dbFile?: string;
  port?: number;
  /** Web UI port; null for no UI. */
  uiPort?: number | null;
  namespace?: string;
  log?: (line: string) => void;
  startTimeoutMs?: number;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

/** A port picked free can be taken before the server binds it (by a parallel test's server, or as an outgoing
 * connection's ephemeral port); the CLI also picks its internal services' ports itself. So a start that lost such
 * a race is tried again on fresh ports, a bounded number of times. */
const START_ATTEMPTS = 3;
const PORT_RACE = /bind: address already in use/;

export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<RunningDevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (attempt >= START_ATTEMPTS || !(err instanceof PortRaceError)) throw err;
      options.log?.(`Temporal dev server lost a port race (attempt ${attempt}); trying again on fresh ports`);
    }
  }
}

class PortRaceError extends Error {}

async function startOnce(options: DevServerOptions): Promise<RunningDevServer> {
  const binary = await ensureTemporalCli();
  const port = options.port ?? (await freePort());
  const uiPort = options.uiPort === undefined ? null : options.uiPort;
  // Without this check a server already on the port would answer the readiness probe in the new one's place.
  for (const [what, p] of [
    ['gRPC', port],
    ['UI', uiPort],
  ] as const) {
    if (p !== null && (await isListening(p))) {
      throw new Error(`port ${p} (Temporal ${what}) is already in use: stop what holds it, or set TEMPORAL_ADDRESS to use that server`);
    }
  }
  const namespace = options.namespace ?? 'default';
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--http-port',
    String(await freePort()),
    '--metrics-port',
    String(await freePort()),
    '--namespace',
    namespace,
    '--log-level',
    'error',
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(uiPort === null ? ['--headless'] : ['--ui-port', String(uiPort), '--ui-ip', '127.0.0.1', '--ui-disable-news-fetch']),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // A Go panic puts its reason first and a long stack after it: keep the first lines as well as the last, and note a
  // port race wherever it appears, so that a race is retried however long the trace.
  const head: string[] = [];
  const tail: string[] = [];
  let raced = false;
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      raced ||= PORT_RACE.test(line);
      if (head.length < 10) head.push(line);
      else tail.push(line);
      if (tail.length > 30) tail.shift();
    }
  };
  child.stdout.on('data', remember);
  child.stderr.on('data', remember);
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(address, namespace, child, exited, options.startTimeoutMs ?? 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    const output = [...head, ...(tail.length > 0 ? ['…', ...tail] : [])].join('\n');
    const message = `Temporal dev server did not start: ${(err as Error).message}\n${output}`;
    throw raced ? new PortRaceError(message, { cause: err }) : new Error(message, { cause: err });
  }
  options.log?.(`Temporal dev server on ${address}${options.dbFile ? ` (data: ${options.dbFile})` : ''}`);
  return {
    address,
    uiUrl: uiPort === null ? null : `http://127.0.0.1:${uiPort}`,
    stop: () => stopChild(child, exited),
  };
}

async function waitUntilServing(
  address: string,
  namespace: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone || child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`not serving within ${timeoutMs} ms: ${String(lastError)}`);
}

export async function stopChild(child: ChildProcess, exited: Promise<unknown>, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
