import type { Client } from 'graphql-ws';

import { check, DemoCheckError } from './checks.js';
import type { DemoDocument } from './demo-documents.js';
import type { DemoViewer } from './demo-viewers.js';
import type { EnqueuedDocument } from './enqueued-document.js';
import { dataOf, describeErrors, requestGraphQL } from './graphql-http.js';
import { createSocketClient, describeSocketError, subscribeTo } from './graphql-socket.js';
import { ActivityUpdatedSubscription, ProcessDocumentMutation } from './operations.js';
import type { Output } from './output.js';
import { documentLabel, progressLine, type ActivityEvent } from './print.js';

/** A document whose activity reached a final status, as its last event showed it. */
export interface FinishedDocument extends EnqueuedDocument {
  activity: ActivityEvent['activity'];
}

/** Options of {@link processDocumentsLive}. */
export interface LiveProgressOptions {
  url: string;
  out: Output;
  /** Each document with the viewer who enqueues it. */
  documents: ReadonlyArray<{ viewer: DemoViewer; document: DemoDocument }>;
  /** How long all documents may take together. */
  timeoutMs: number;
}

/**
 * Enqueues each document with `processDocument` over HTTP and follows its activity over
 * graphql-ws, printing every event as it arrives; resolves once all are COMPLETE.
 */
export async function processDocumentsLive(
  options: LiveProgressOptions,
): Promise<FinishedDocument[]> {
  const { url, out, documents } = options;
  const nameWidth = Math.max(...documents.map(({ document }) => document.filename.length));
  // One connection per viewer: a graphql-ws connection is authorized once, when it opens.
  const clients = new Map<DemoViewer, Client>();
  const clientFor = (viewer: DemoViewer) => {
    const client = clients.get(viewer) ?? createSocketClient(url, viewer.token);
    clients.set(viewer, client);

    return client;
  };

  try {
    const followed: Array<Promise<FinishedDocument>> = [];
    for (const [index, { viewer, document }] of documents.entries()) {
      const run = await enqueueDocument(url, viewer, document, index + 1);
      out.log(`${documentLabel(run, nameWidth)}  enqueued as ${run.agentId}`);
      const print = (event: ActivityEvent) => out.log(progressLine(run, event, nameWidth));
      followed.push(followActivity(clientFor(viewer), run, print));
    }

    return assertComplete(await withinTime(Promise.all(followed), options.timeoutMs));
  } finally {
    await Promise.all([...clients.values()].map((client) => client.dispose()));
  }
}

async function enqueueDocument(
  url: string,
  viewer: DemoViewer,
  document: DemoDocument,
  number: number,
): Promise<EnqueuedDocument> {
  const input = {
    fileId: `demo-${number}`,
    filename: document.filename,
    content: document.content,
  };
  const response = await requestGraphQL(url, ProcessDocumentMutation, { input }, viewer.token);
  const { processDocument } = dataOf(response, `processDocument for ${document.filename}`);

  return { number, viewer, document, agentId: processDocument.agentId };
}

/**
 * Follows one activity with `activityUpdated`, which sends its current state first, then every
 * change, and completes after a final status; resolves with the last state seen.
 */
function followActivity(
  client: Client,
  run: EnqueuedDocument,
  onEvent: (event: ActivityEvent) => void,
): Promise<FinishedDocument> {
  const failed = (why: string) =>
    new DemoCheckError(`${documentLabel(run).trim()} streams its progress (${why})`);

  const followed = new Promise<FinishedDocument>((resolve, reject) => {
    let last: ActivityEvent | null = null;
    subscribeTo(
      client,
      ActivityUpdatedSubscription,
      { agentId: run.agentId },
      {
        next: (result) => {
          const event = result.data?.activityUpdated;
          if (event === undefined) {
            reject(failed(describeErrors(result.errors)));
            return;
          }

          last = event;
          onEvent(event);
        },
        error: (error) => reject(failed(describeSocketError(error))),
        complete: () =>
          last === null
            ? reject(failed('it ended before its first event'))
            : resolve({ ...run, activity: last.activity }),
      },
    );
  });
  // Awaited together with the others; until then, its failure must not count as unhandled.
  followed.catch(() => undefined);

  return followed;
}

function assertComplete(finished: FinishedDocument[]): FinishedDocument[] {
  for (const run of finished) {
    check(
      run.activity.status === 'COMPLETE',
      `${documentLabel(run).trim()} finished COMPLETE (it is ${run.activity.status})`,
    );
  }

  return finished;
}

/** `work`, or a failed check once `ms` have passed. */
async function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DemoCheckError(`every document finished within ${ms / 1000} s`)),
      ms,
    );
  });

  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
