import type { YogaLogger } from 'graphql-yoga';

import type { Logger } from '../config/logger.js';

/** Yoga logs with console-style arguments; this routes them to the process's pino logger. */
export function yogaLogger(logger: Logger): YogaLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) {
        logger[level]({ err: first, details: rest }, first.message);
      } else {
        logger[level]({ details: rest.length > 0 ? rest : undefined }, String(first));
      }
    };

  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
