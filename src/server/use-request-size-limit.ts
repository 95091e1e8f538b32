import type { Plugin } from 'graphql-yoga';

/**
 * Refuses a request whose declared body is larger than `maxBytes` with 413 and the code
 * PAYLOAD_TOO_LARGE, before the body is read. Bodies without a length are refused by the HTTP
 * server in front (411), so this length is always known over the network.
 */
export function useRequestSizeLimit(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const declared = Number(request.headers.get('content-length') ?? 0);
      if (declared <= maxBytes) {
        return;
      }

      const body = {
        errors: [
          {
            message: `Request body is ${declared} bytes; at most ${maxBytes} are accepted`,
            extensions: { code: 'PAYLOAD_TOO_LARGE', maxBytes },
          },
        ],
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: 413,
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
  };
}
