import type { DemoDocument } from './demo-documents.js';
import type { DemoViewer } from './demo-viewers.js';

/** A document the scenario enqueued with `processDocument`, and for whom. */
export interface EnqueuedDocument {
  /** 1, 2 or 3, in the order of enqueueing. */
  number: number;
  viewer: DemoViewer;
  document: DemoDocument;
  agentId: string;
}
