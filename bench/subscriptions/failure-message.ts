/** A readable message for what graphql-ws hands an error sink: an Error, errors or a close. */
export function describeFailure(failure: unknown): string {
  if (failure instanceof Error) {
    return failure.message;
  }
  if (Array.isArray(failure)) {
    return failure.map((error: { message?: string }) => error.message ?? String(error)).join('; ');
  }
  if (typeof failure === 'object' && failure !== null && 'code' in failure) {
    const { code, reason } = failure as { code: number; reason?: string };

    return `socket closed with ${code}${reason === undefined ? '' : ` ${reason}`}`;
  }

  return String(failure);
}
