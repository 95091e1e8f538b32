import { describe, expect, it } from 'vitest';

import { summarizeText } from '../src/documents/summarize-text.js';

const QUEUE_NOTES = [
  'Our office moved last spring.',
  'The queue hands each job to a worker.',
  'Lunch is served at noon.',
  'A worker that fails a job puts the job back on the queue.',
  'Parking is free.',
].join(' ');

describe('summarizeText', () => {
  it('returns the sentences sharing the most frequent terms, in document order', () => {
    const summary = summarizeText(QUEUE_NOTES, { maxSentences: 2 });

    expect(summary).toBe(
      'The queue hands each job to a worker. ' +
        'A worker that fails a job puts the job back on the queue.',
    );
  });

  it('keeps three sentences by default', () => {
    expect(summarizeText(QUEUE_NOTES)).toBe(
      'Our office moved last spring. The queue hands each job to a worker. ' +
        'A worker that fails a job puts the job back on the queue.',
    );
  });

  it('returns every sentence, joined by single spaces, when there are no more than asked for', () => {
    const text = 'Backups run nightly.\n\nRestores are tested\nevery month.';

    expect(summarizeText(text, { maxSentences: 2 })).toBe(
      'Backups run nightly. Restores are tested every month.',
    );
    expect(summarizeText(text, { maxSentences: 5 })).toBe(
      'Backups run nightly. Restores are tested every month.',
    );
  });

  it('does not let a long sentence win by the number of its terms alone', () => {
    const text = [
      'Backups matter.',
      'Monday brought rain, traffic, delays, meetings, coffee, emails, printers and visitors.',
      'Restore backups weekly.',
      'Backups fail silently.',
      'Test backups monthly.',
    ].join(' ');

    expect(summarizeText(text, { maxSentences: 2 })).toBe(
      'Backups matter. Restore backups weekly.',
    );
  });

  it('gives the first sentence enough extra weight to beat a slightly better later one', () => {
    const text =
      'Deploys need careful reviews. Reviews catch bugs before deploys ship. Lunch was late.';

    expect(summarizeText(text, { maxSentences: 1 })).toBe('Deploys need careful reviews.');
  });

  it('breaks equal scores in favour of the earlier sentence', () => {
    const text = 'Red apples ripen. Green pears ripen. Blue plums ripen. Ripe figs ripen.';

    expect(summarizeText(text, { maxSentences: 3 })).toBe(
      'Red apples ripen. Green pears ripen. Blue plums ripen.',
    );
  });

  it('returns an empty summary for text without sentences', () => {
    expect(summarizeText('')).toBe('');
  });

  it('rejects a sentence limit below one', () => {
    expect(() => summarizeText(QUEUE_NOTES, { maxSentences: 0 })).toThrow(RangeError);
  });
});
