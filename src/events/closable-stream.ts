/**
 * Wraps an async generator so that `cleanup` runs once when the stream ends by any road: done,
 * failed, or returned. A generator's own `finally` does not run when `return` is called before
 * its first `next`, which is what graphql-ws does when the socket closed while the subscription
 * was being set up; without this, that subscription's listener would stay registered.
 */
export function closable<T>(
  generator: AsyncGenerator<T>,
  cleanup: () => Promise<unknown> | void,
): AsyncGenerator<T> {
  let cleaned = false;
  const clean = async () => {
    if (!cleaned) {
      cleaned = true;
      await cleanup();
    }
  };

  const stream: AsyncGenerator<T> = {
    async next() {
      try {
        const result = await generator.next();
        if (result.done === true) {
          await clean();
        }

        return result;
      } catch (error) {
        await clean();
        throw error;
      }
    },
    async return(value) {
      // Clean up first: a generator suspended in an await only takes `return` once that await
      // settles, and the cleanup is what settles it (it ends the listener being awaited).
      await clean();

      return generator.return(value);
    },
    async throw(error) {
      try {
        return await generator.throw(error);
      } finally {
        await clean();
      }
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };

  return stream;
}
