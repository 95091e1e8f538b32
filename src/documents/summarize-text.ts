import { countTerms, keywordTerms } from './analyze-text.js';
import { splitSentences } from './split-sentences.js';

/** Options of {@link summarizeText}. */
export interface SummarizeTextOptions {
  /** How many sentences the summary keeps at most. Defaults to 3. */
  maxSentences?: number;
}

interface ScoredSentence {
  sentence: string;
  position: number;
  score: number;
}

const DEFAULT_MAX_SENTENCES = 3;

/** Opening sentences tend to state the subject, so the first one gets a fifth more weight. */
const FIRST_SENTENCE_BONUS = 1.2;

/**
 * Builds an extractive summary: the `maxSentences` sentences whose keywords occur most often in
 * the whole document, in document order, joined by single spaces.
 *
 * A sentence scores the summed document frequency of its keywords (see `keywordTerms`) divided by
 * the square root of their number, so a long sentence does not win by length alone. Equal scores
 * go to the earlier sentence. A document of `maxSentences` or fewer sentences is returned whole.
 *
 * @example
 * summarizeText(readme, { maxSentences: 2 });
 */
export function summarizeText(text: string, options: SummarizeTextOptions = {}): string {
  const maxSentences = options.maxSentences ?? DEFAULT_MAX_SENTENCES;
  if (!Number.isInteger(maxSentences) || maxSentences < 1) {
    throw new RangeError(`maxSentences must be a positive integer, got ${maxSentences}`);
  }

  const sentences = splitSentences(text);
  if (sentences.length <= maxSentences) {
    return sentences.join(' ');
  }

  const chosen = rankSentences(sentences, countTerms(keywordTerms(text))).slice(0, maxSentences);

  return chosen
    .sort((a, b) => a.position - b.position)
    .map(({ sentence }) => sentence)
    .join(' ');
}

function rankSentences(
  sentences: readonly string[],
  frequencies: ReadonlyMap<string, number>,
): ScoredSentence[] {
  const scored = sentences.map((sentence, position) => ({
    sentence,
    position,
    score: scoreSentence(sentence, frequencies) * (position === 0 ? FIRST_SENTENCE_BONUS : 1),
  }));

  return scored.sort((a, b) => b.score - a.score || a.position - b.position);
}

function scoreSentence(sentence: string, frequencies: ReadonlyMap<string, number>): number {
  const terms = keywordTerms(sentence);
  if (terms.length === 0) {
    return 0;
  }

  const total = terms.reduce((sum, term) => sum + (frequencies.get(term) ?? 0), 0);

  return total / Math.sqrt(terms.length);
}
