import type { DemoDocument } from './demo-documents.js';
import type { DemoViewers } from './demo-viewers.js';
import { parseDocumentResult } from './document-result.js';
import { processDocumentsLive, type FinishedDocument } from './live-progress.js';
import type { Output } from './output.js';
import { documentLabel, printDocumentResult, printHeading } from './print.js';
import { checkActivityLists, checkIsolation, checkMetadata } from './tenant-checks.js';

/** How many documents the scenario sends: the first two for org-A, the third for org-B. */
export const SCENARIO_DOCUMENTS = 3;

const DEFAULT_TIMEOUT_MS = 60_000;

/** Options of {@link runScenario}. */
export interface ScenarioOptions {
  /** The running API: `http://127.0.0.1:PORT/graphql`. */
  url: string;
  viewers: DemoViewers;
  /** {@link SCENARIO_DOCUMENTS} documents. */
  documents: readonly DemoDocument[];
  out: Output;
  /** How long the documents may take to finish, all together. Default: 60 000 ms. */
  timeoutMs?: number;
}

/**
 * Plays the multi-tenancy scenario against a running API: enqueues the documents and follows them
 * live, then checks what each organization can list and read. Throws a `DemoCheckError` naming
 * the first check that fails.
 */
export async function runScenario(options: ScenarioOptions): Promise<void> {
  const { url, viewers, out } = options;
  printHeading(out, 'Enqueue three documents and follow them live');
  const runs = await processDocumentsLive({
    url,
    out,
    documents: assignDocuments(options),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });

  printHeading(out, 'Activities per organization');
  await checkActivityLists({ url, viewers, runs, out });

  printHeading(out, 'Tenant isolation');
  await checkIsolation({ url, viewers, runs, out });

  printHeading(out, 'Metadata, for admins only');
  await checkMetadata({ url, viewers, runs, out });

  printHeading(out, 'Summaries');
  printSummaries(out, runs);
}

function assignDocuments(options: ScenarioOptions) {
  const { orgAMember, orgBMember } = options.viewers;
  const owners = [orgAMember, orgAMember, orgBMember];

  return options.documents.map((document, index) => ({
    viewer: owners[index] ?? orgBMember,
    document,
  }));
}

function printSummaries(out: Output, runs: readonly FinishedDocument[]): void {
  for (const [index, run] of runs.entries()) {
    if (index > 0) {
      out.log('');
    }

    const result = parseDocumentResult(run.activity.result, documentLabel(run).trim());
    printDocumentResult(out, run, result);
  }
}
