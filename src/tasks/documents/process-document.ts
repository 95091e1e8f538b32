import { z } from 'zod';

import type { TextAnalysis } from '../../documents/analyze-text.js';
import { analyzeText } from '../../documents/analyze-text.js';
import { extractText } from '../../documents/extract-text.js';
import { summarizeText } from '../../documents/summarize-text.js';
import { definePipeline } from '../pipeline.js';

/** Name of the shipped document pipeline. */
export const PROCESS_DOCUMENT = 'process_document';

const documentInput = z.object({
  fileId: z.string().min(1).max(200),
  filename: z.string().min(1).max(255),
  content: z.string(),
});

/** What `process_document` returns, readable as `Activity.result`. */
export interface ProcessedDocument {
  fileId: string;
  filename: string;
  analysis: TextAnalysis;
  summary: string;
}

/**
 * Extracts a text or Markdown document's prose, analyzes it and summarizes it. Unreadable or
 * empty content fails at once (a DocumentError is permanent); other failures are retried.
 */
export const processDocument = definePipeline({
  name: PROCESS_DOCUMENT,
  description: 'Extract, analyze and summarize a text or Markdown document',
  input: documentInput,
  attempts: 3,
})
  .step('extract', 'extracting text', (document) => ({
    fileId: document.fileId,
    filename: document.filename,
    text: extractText(document.filename, document.content),
  }))
  .step('analyze', 'analyzing text', (document) => ({
    ...document,
    analysis: analyzeText(document.text),
  }))
  .step(
    'summarize',
    'summarizing',
    (document): ProcessedDocument => ({
      fileId: document.fileId,
      filename: document.filename,
      analysis: document.analysis,
      summary: summarizeText(document.text),
    }),
  )
  .build();
