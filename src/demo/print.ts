import type { ActivitiesQuery, ActivityUpdatedSubscription } from '../generated/graphql.js';
import type { DocumentResult } from './document-result.js';
import type { EnqueuedDocument } from './enqueued-document.js';
import type { Output } from './output.js';

/** One event of the `activityUpdated` subscription. */
export type ActivityEvent = ActivityUpdatedSubscription['activityUpdated'];

/** The widest status, CANCELED. */
const STATUS_WIDTH = 8;

const LINE_WIDTH = 100;

/** A blank line, then `title` underlined. */
export function printHeading(out: Output, title: string): void {
  out.log('');
  out.log(title);
  out.log('-'.repeat(title.length));
}

/** `  ✓ check`, for a check that held. */
export function printPassed(out: Output, check: string): void {
  out.log(`  ✓ ${check}`);
}

/** How the demo names one of its documents: `[org-A] #1 README.md`, the name padded. */
export function documentLabel(run: EnqueuedDocument, nameWidth = 0): string {
  return `[${run.viewer.label}] #${run.number} ${run.document.filename.padEnd(nameWidth)}`;
}

/** `[org-A] #1 README.md  RUNNING    33%  step 2 of 3: analyzing text` */
export function progressLine(
  run: EnqueuedDocument,
  event: ActivityEvent,
  nameWidth: number,
): string {
  const { activity, log } = event;
  const percentage = `${activity.percentage}%`.padStart(4);
  const status = activity.status.padEnd(STATUS_WIDTH);

  return `${documentLabel(run, nameWidth)}  ${status}  ${percentage}  ${log.message}`;
}

/** One organization's list: a count line, then a row per activity. */
export function printActivityList(
  out: Output,
  label: string,
  list: ActivitiesQuery,
  runs: readonly EnqueuedDocument[],
): void {
  const { totalCount, edges } = list.activities;
  out.log(`${label}: ${plural(totalCount, 'activity', 'activities')}, ${list.activeCount} active`);

  const nameWidth = Math.max(0, ...runs.map((run) => run.document.filename.length));
  for (const { node } of edges) {
    const run = runs.find((candidate) => candidate.agentId === node.agentId);
    const name = run === undefined ? '?' : `#${run.number} ${run.document.filename}`;
    const status = node.status.padEnd(STATUS_WIDTH);
    out.log(`  ${name.padEnd(nameWidth + 3)}  ${node.agentType}  ${status}  ${node.agentId}`);
  }
}

/** The metadata of an activity as indented JSON, the one JSON the demo shows. */
export function printMetadata(out: Output, metadata: unknown): void {
  for (const line of JSON.stringify(metadata, null, 2).split('\n')) {
    out.log(`    ${line}`);
  }
}

/** A document's summary, word count, reading time and top keywords. */
export function printDocumentResult(
  out: Output,
  run: EnqueuedDocument,
  result: DocumentResult,
): void {
  const { wordCount, sentenceCount, readingTimeMinutes, topKeywords } = result.analysis;
  const keywords = topKeywords.slice(0, 5).map(({ word, count }) => `${word} (${count})`);

  out.log(documentLabel(run));
  out.log(`  Words      ${wordCount} in ${plural(sentenceCount, 'sentence', 'sentences')}`);
  out.log(`  Reading    about ${plural(readingTimeMinutes, 'minute', 'minutes')}`);
  out.log(`  Keywords   ${keywords.join(', ') || '(none)'}`);
  for (const [index, line] of wrap(result.summary, LINE_WIDTH - 13).entries()) {
    out.log(`  ${index === 0 ? 'Summary' : ''.padEnd(7)}    ${line}`);
  }
}

/** `1 activity`, `2 activities`. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Splits `text` into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((part) => part.length > 0)) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line.length === 0 ? word : `${line} ${word}`;
    }
  }

  return line.length > 0 ? [...lines, line] : lines;
}

/** Label and value pairs, the values aligned in one column. */
export function printFields(out: Output, fields: ReadonlyArray<readonly [string, string]>): void {
  const width = Math.max(...fields.map(([label]) => label.length));
  for (const [label, value] of fields) {
    out.log(`${label.padEnd(width)}  ${value}`);
  }
}
