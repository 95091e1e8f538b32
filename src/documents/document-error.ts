import { PermanentTaskError } from '../tasks/task-errors.js';

/**
 * Thrown when a document cannot be processed at all: it is empty, looks like binary data, has an
 * unsupported file type, or holds nothing readable once its markup is removed. Retrying would read
 * the same content again, so it is a permanent failure.
 */
export class DocumentError extends PermanentTaskError {
  override name = 'DocumentError';
}
