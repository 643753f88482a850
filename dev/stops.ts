/**
 * What a launcher (`npm start`, `npm run cluster`) started, stopped in reverse order on Ctrl-C or SIGTERM, or when
 * the launch fails part-way: whatever was pushed last stops first.
 */
import type { Logger } from 'pino';

export interface Stops {
  stops: (() => Promise<void>)[];
  stopAll(): Promise<void>;
}

export function stopOnSignals(logger: Logger): Stops {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => logger.error({ err }, 'error while stopping'));
  };
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info(`${signal}: stopping`);
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  return { stops, stopAll };
}
