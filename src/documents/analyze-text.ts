import { splitSentences } from './split-sentences.js';
import { STOP_WORDS } from './stop-words.js';

/** What {@link analyzeText} measures in a document's plain text. */
export interface TextAnalysis {
  wordCount: number;
  sentenceCount: number;
  /** Whole minutes, rounded up; 0 only for text without words. */
  readingTimeMinutes: number;
  /** Most frequent non-stop-words, most frequent first, ties in alphabetical order. */
  topKeywords: Array<{ word: string; count: number }>;
}

/** Options of {@link analyzeText}. */
export interface AnalyzeTextOptions {
  /** How many keywords to return at most. Defaults to 10. */
  keywordLimit?: number;
  /** Reading speed used for `readingTimeMinutes`. Defaults to 200. */
  wordsPerMinute?: number;
}

const DEFAULT_KEYWORD_LIMIT = 10;

const DEFAULT_WORDS_PER_MINUTE = 200;

const MIN_KEYWORD_LENGTH = 3;

/** Letters, digits and combining marks, joined by inner apostrophes or hyphens. */
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:['’-][\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*/gu;

const NUMBER_ONLY = /^[\p{N}'-]+$/u;

/**
 * Counts the words and sentences of plain text (the output of `extractText`), estimates its reading
 * time and ranks its keywords.
 *
 * @example
 * analyzeText('Queues retry jobs. Queues also delay jobs!', { keywordLimit: 2 });
 * // { wordCount: 7, sentenceCount: 2, readingTimeMinutes: 1,
 * //   topKeywords: [{ word: 'jobs', count: 2 }, { word: 'queues', count: 2 }] }
 */
export function analyzeText(text: string, options: AnalyzeTextOptions = {}): TextAnalysis {
  const { keywordLimit, wordsPerMinute } = resolveOptions(options);
  const wordCount = splitWords(text).length;

  return {
    wordCount,
    sentenceCount: splitSentences(text).length,
    readingTimeMinutes: Math.ceil(wordCount / wordsPerMinute),
    topKeywords: rankKeywords(keywordTerms(text)).slice(0, keywordLimit),
  };
}

/** The words of `text` in order, as written. */
export function splitWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/**
 * The words of `text` that can be keywords, in order: lower-cased with straight apostrophes,
 * without stop words, words shorter than three letters and plain numbers.
 */
export function keywordTerms(text: string): string[] {
  return splitWords(text)
    .map((word) => word.toLowerCase().replaceAll('’', "'"))
    .filter(isKeyword);
}

/** How often each term occurs. */
export function countTerms(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();

  for (const term of terms) {
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }

  return counts;
}

function resolveOptions(options: AnalyzeTextOptions): Required<AnalyzeTextOptions> {
  const keywordLimit = options.keywordLimit ?? DEFAULT_KEYWORD_LIMIT;
  const wordsPerMinute = options.wordsPerMinute ?? DEFAULT_WORDS_PER_MINUTE;

  if (!Number.isInteger(keywordLimit) || keywordLimit < 0) {
    throw new RangeError(`keywordLimit must be a non-negative integer, got ${keywordLimit}`);
  }

  if (!(wordsPerMinute > 0)) {
    throw new RangeError(`wordsPerMinute must be positive, got ${wordsPerMinute}`);
  }

  return { keywordLimit, wordsPerMinute };
}

function isKeyword(word: string): boolean {
  return [...word].length >= MIN_KEYWORD_LENGTH && !STOP_WORDS.has(word) && !NUMBER_ONLY.test(word);
}

function rankKeywords(terms: readonly string[]): Array<{ word: string; count: number }> {
  const ranked = [...countTerms(terms)].map(([word, count]) => ({ word, count }));

  return ranked.sort((a, b) => b.count - a.count || compareText(a.word, b.word));
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }

  return a < b ? -1 : 1;
}
