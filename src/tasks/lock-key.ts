import { InvalidTaskInputError } from './task-errors.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_.]*)\}/g;

/**
 * Fills a lock key template such as `user:{userId}` or `doc:{file.id}` from a task's validated
 * input. A placeholder naming a missing field, or one that is not a string, number or boolean,
 * is invalid input: without it the run could not be ordered against its peers.
 */
export function evaluateLockKey(template: string, input: unknown): string {
  return template.replace(PLACEHOLDER, (_match, path: string) => {
    const value = path
      .split('.')
      .reduce<unknown>(
        (current, field) =>
          typeof current === 'object' && current !== null
            ? (current as Record<string, unknown>)[field]
            : undefined,
        input,
      );
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      const message = `The lock key ${template} needs "${path}" in the input`;
      throw new InvalidTaskInputError(message, [{ path, message }]);
    }

    return String(value);
  });
}
