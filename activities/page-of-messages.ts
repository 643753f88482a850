/**
 * How a batch activity sends a page of messages (updates, signals) to many workflows: a few at once, heartbeating
 * the count handled, and stopping when the activity is cancelled. A worker shutting down cancels its activities
 * after its grace time (config/worker-defaults.ts); by then it no longer polls workflow tasks, so an update in flight
 * would wait forever for a worker that is gone. Aborted, the page fails and is retried on another worker; every
 * message carries a derived id, so nothing is applied twice.
 */
import { cancellationSignal, heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import pMap from 'p-map';

/** Answers each item's result in the items' order. */
export async function sendPage<T, R>(
  client: Client,
  items: readonly T[],
  concurrency: number,
  send: (item: T) => Promise<R>,
): Promise<R[]> {
  const signal = cancellationSignal();
  let handled = 0;
  return pMap(
    items,
    async (item) => {
      const result = await client.withAbortSignal(signal, () => send(item));
      heartbeat(++handled);
      return result;
    },
    { concurrency, signal },
  );
}
