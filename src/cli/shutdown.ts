import type { Logger } from '../config/logger.js';

/** Grace period for running jobs and open requests after SIGTERM or SIGINT. */
const GRACE_MS = 30_000;

/** Runs `close` once on SIGTERM or SIGINT, exiting 0 when it finishes in time and 1 otherwise. */
export function onShutdown(logger: Logger, close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    logger.info({ signal }, 'shutting down');

    const timer = setTimeout(() => {
      logger.error({ graceMs: GRACE_MS }, 'shutdown timed out');
      process.exit(1);
    }, GRACE_MS);
    timer.unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
