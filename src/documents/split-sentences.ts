/** Words that end in a period without ending the sentence, lower case and without that period. */
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'approx',
  'cf',
  'dr',
  'e.g',
  'etc',
  'fig',
  'i.e',
  'inc',
  'jr',
  'ltd',
  'mr',
  'mrs',
  'ms',
  'prof',
  'sr',
  'st',
  'vs',
]);

const PARAGRAPH_BREAK = /\n[^\S\n]*\n/;

/** Terminal punctuation, with any closing quotes or brackets, before whitespace or the end. */
const TERMINATOR = /[.!?…]+[)\]"'”’»]*(?=\s|$)/gu;

const LAST_WORD = /([\p{L}.]+)$/u;

const HAS_TEXT = /[\p{L}\p{N}]/u;

/**
 * Splits text into sentences: after `.`, `!`, `?` or `…` followed by whitespace, and at every
 * paragraph break (a blank line), so a heading without punctuation still stands alone. A period
 * after a common abbreviation (`e.g.`, `Dr.`, `etc.`) or a single capital initial does not end a
 * sentence, and a decimal point never does because no whitespace follows it.
 *
 * Whitespace inside each sentence is collapsed to single spaces; pieces without a letter or digit
 * are dropped.
 *
 * @example
 * splitSentences('Dr. Lee paid 3.50 dollars. Then she left!');
 * // ['Dr. Lee paid 3.50 dollars.', 'Then she left!']
 */
export function splitSentences(text: string): string[] {
  return text
    .split(PARAGRAPH_BREAK)
    .flatMap(splitParagraph)
    .map((sentence) => sentence.replace(/\s+/g, ' ').trim())
    .filter((sentence) => HAS_TEXT.test(sentence));
}

function splitParagraph(paragraph: string): string[] {
  const sentences: string[] = [];
  let start = 0;

  for (const match of paragraph.matchAll(TERMINATOR)) {
    if (endsAbbreviation(paragraph.slice(start, match.index), match[0])) {
      continue;
    }

    const end = match.index + match[0].length;
    sentences.push(paragraph.slice(start, end));
    start = end;
  }

  sentences.push(paragraph.slice(start));

  return sentences;
}

function endsAbbreviation(before: string, terminator: string): boolean {
  if (terminator !== '.') {
    return false;
  }

  const word = LAST_WORD.exec(before)?.[1] ?? '';

  return ABBREVIATIONS.has(word.toLowerCase()) || /^\p{Lu}$/u.test(word);
}
