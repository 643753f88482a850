/**
 * A webhook receiver for tests, on loopback: verifies each request's Standard Webhooks signature with the
 * reference library, answers as the test scripts it (fail, hang, succeed), and keeps what it accepted,
 * dropping a `webhook-id` it has already accepted, as a real receiver would.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  path: string;
  webhookId: string;
  verified: boolean;
  answered: number | 'hang';
  /** A 2xx answer to a webhook-id already accepted: the receiver drops it. */
  duplicate: boolean;
  body: any;
}

/** What to answer to the n-th request (1-based) carrying a given webhook-id. */
export type Script = (attempt: number) => number | 'hang';

export interface WebhookReceiver {
  url(path: string): string;
  /** The secret of the subscription a path belongs to, for verification. */
  secrets: Map<string, string>;
  scripts: Map<string, Script>;
  requests: ReceivedRequest[];
  /** Accepted (2xx) requests by path, each webhook-id once. */
  accepted(path: string): ReceivedRequest[];
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const seen = new Map<string, number>();
  const acceptedIds = new Set<string>();
  const receiver: Omit<WebhookReceiver, 'url' | 'stop'> = {
    secrets: new Map(),
    scripts: new Map(),
    requests,
    accepted: (path) => requests.filter((r) => r.path === path && r.answered !== 'hang' && r.answered < 300 && r.verified && !r.duplicate),
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = await readBody(req);
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    let verified: boolean;
    try {
      new Webhook(receiver.secrets.get(path) ?? '').verify(body, headers);
      verified = true;
    } catch {
      verified = false;
    }
    const id = headers['webhook-id'];
    const attempt = (seen.get(`${path} ${id}`) ?? 0) + 1;
    seen.set(`${path} ${id}`, attempt);
    const answer = verified ? (receiver.scripts.get(path) ?? (() => 200))(attempt) : 401;
    const duplicate = typeof answer === 'number' && answer < 300 && acceptedIds.has(`${path} ${id}`);
    requests.push({ path, webhookId: id, verified, answered: answer, duplicate, body: JSON.parse(body) });
    if (answer === 'hang') return; // never answers; the sender times out
    if (answer < 300) acceptedIds.add(`${path} ${id}`);
    res.statusCode = answer;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...receiver,
    url: (path) => base + path,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
