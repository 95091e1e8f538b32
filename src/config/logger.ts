import { pino, type Logger } from 'pino';

export type { Logger };

/** The one logger of a process; every component receives it (or a child) instead of `console`. */
export function createLogger(level: string, name = 'agentexec-graphql'): Logger {
  return pino({ name, level });
}
