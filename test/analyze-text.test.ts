import { describe, expect, it } from 'vitest';

import { analyzeText } from '../src/documents/analyze-text.js';
import { splitSentences } from '../src/documents/split-sentences.js';
import { STOP_WORDS } from '../src/documents/stop-words.js';

function words(count: number): string {
  return Array.from({ length: count }, () => 'word').join(' ');
}

describe('analyzeText', () => {
  it('counts words made of any script, with inner apostrophes and hyphens', () => {
    const text = 'Crème brûlée isn’t well-known in São Paulo — 2024! Привет, мир.';

    expect(analyzeText(text).wordCount).toBe(10);
  });

  it('counts sentences the way splitSentences splits them', () => {
    const text = 'Dr. Smith measured 3.14 meters. Mr. Jones agreed!\n\nNext steps\n\nWhat now?';

    expect(analyzeText(text).sentenceCount).toBe(4);
  });

  it('rounds reading time up to whole minutes at 200 words per minute by default', () => {
    expect(analyzeText(words(1)).readingTimeMinutes).toBe(1);
    expect(analyzeText(words(200)).readingTimeMinutes).toBe(1);
    expect(analyzeText(words(201)).readingTimeMinutes).toBe(2);
  });

  it('uses the given reading speed', () => {
    expect(analyzeText(words(250), { wordsPerMinute: 100 }).readingTimeMinutes).toBe(3);
  });

  it('reports zero of everything for text without words', () => {
    expect(analyzeText(' — ')).toEqual({
      wordCount: 0,
      sentenceCount: 0,
      readingTimeMinutes: 0,
      topKeywords: [],
    });
  });

  it('ranks lower-cased keywords without stop words, short words or numbers, ties alphabetically', () => {
    const text =
      'The API retries jobs. Retries help jobs finish; 42 retries in 2024. An ox, a Job!';

    expect(analyzeText(text).topKeywords).toEqual([
      { word: 'retries', count: 3 },
      { word: 'jobs', count: 2 },
      { word: 'api', count: 1 },
      { word: 'finish', count: 1 },
      { word: 'help', count: 1 },
      { word: 'job', count: 1 },
    ]);
  });

  it('returns at most ten keywords unless told otherwise', () => {
    const text = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima';

    expect(analyzeText(text).topKeywords).toHaveLength(10);
    expect(analyzeText(text, { keywordLimit: 2 }).topKeywords).toEqual([
      { word: 'alpha', count: 1 },
      { word: 'bravo', count: 1 },
    ]);
  });

  it('rejects a reading speed that is not positive', () => {
    expect(() => analyzeText('text', { wordsPerMinute: 0 })).toThrow(RangeError);
  });
});

describe('splitSentences', () => {
  it('splits after terminal punctuation followed by whitespace', () => {
    expect(splitSentences('It runs. Does it stop? Yes! Then… it waits.')).toEqual([
      'It runs.',
      'Does it stop?',
      'Yes!',
      'Then…',
      'it waits.',
    ]);
  });

  it('does not split after common abbreviations, initials or inside decimal numbers', () => {
    const text =
      'Dr. Lee and Mrs. Park paid 3.50 dollars, e.g. for tea, i.e. not coffee, etc. and more. ' +
      'J. K. Rowling agreed.';

    expect(splitSentences(text)).toEqual([
      'Dr. Lee and Mrs. Park paid 3.50 dollars, e.g. for tea, i.e. not coffee, etc. and more.',
      'J. K. Rowling agreed.',
    ]);
  });

  it('splits at paragraph breaks and collapses whitespace inside a sentence', () => {
    expect(
      splitSentences('Getting started\n\nInstall the\npackage first.  "Then run it."'),
    ).toEqual(['Getting started', 'Install the package first.', '"Then run it."']);
  });

  it('drops pieces that hold no letter or digit', () => {
    expect(splitSentences('Done. — \n\n ... \n\nAgain.')).toEqual(['Done.', 'Again.']);
  });
});

describe('STOP_WORDS', () => {
  it('holds lower-case function words and not subject words', () => {
    expect(STOP_WORDS.has('the')).toBe(true);
    expect(STOP_WORDS.has("don't")).toBe(true);
    expect(STOP_WORDS.has('queue')).toBe(false);
  });
});
