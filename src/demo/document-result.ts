import { z } from 'zod';

import { DemoCheckError } from './checks.js';

const processedDocumentSchema = z.object({
  filename: z.string(),
  summary: z.string(),
  analysis: z.object({
    wordCount: z.number(),
    sentenceCount: z.number(),
    readingTimeMinutes: z.number(),
    topKeywords: z.array(z.object({ word: z.string(), count: z.number() })),
  }),
});

/** The parts of a `process_document` result that the demo prints. */
export type DocumentResult = z.infer<typeof processedDocumentSchema>;

/** Reads `Activity.result` of a finished `process_document`; a wrong shape fails the check. */
export function parseDocumentResult(result: unknown, label: string): DocumentResult {
  const parsed = processedDocumentSchema.safeParse(result);
  if (!parsed.success) {
    throw new DemoCheckError(`${label} has a process_document result with a summary and analysis`);
  }

  return parsed.data;
}
