import { extname } from 'node:path';

import { DocumentError } from './document-error.js';

/**
 * File extensions that {@link extractText} reads, in lower case; matching ignores case. A file
 * name without an extension is read as plain text as well.
 */
export const SUPPORTED_EXTENSIONS = ['.md', '.markdown', '.txt', '.text'] as const;

type BlockKind = 'blank' | 'heading' | 'item' | 'text' | 'underline';

interface Block {
  kind: BlockKind;
  text: string;
}

interface ProtectedText {
  text: string;
  restore: (stripped: string) => string;
}

const MARKDOWN_EXTENSIONS: ReadonlySet<string> = new Set(['.md', '.markdown']);

/** Binary data decoded as text is full of these; a few in real prose are tolerated. */
const MAX_UNREADABLE_SHARE = 0.1;

const UNREADABLE_CHARACTER = /[^\P{Cc}\t\n\r\f]|\uFFFD/gu;

const STRAY_CONTROL_CHARACTER = /[^\P{Cc}\n]/gu;

const TAB = '    ';

const FRONT_MATTER = /^---[^\S\n]*\n(?:[\s\S]*?\n)?(?:---|\.\.\.)[^\S\n]*(?:\n|$)/;

/** Fences may be indented any amount, so fences nested in list items are removed too. */
const FENCE_OPENING = /^\s*(`{3,}(?=[^`]*$)|~{3,})/;

const FENCE_CLOSING = /^\s*(`{3,}|~{3,})\s*$/;

const INDENTED_LINE = /^ {4,}\S/;

const LIST_ITEM_START = /^ *(?:[-*+]|\d{1,9}[.)])(?: |$)/;

const CODE_SPAN = /(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)/g;

const ESCAPED_CHARACTER = /\\([!-/:-@[-`{-~])/g;

const PLACEHOLDER = /\uE000(\d+)\uE001/g;

// "<!--" may not recur inside a comment: an unclosed one otherwise rescans the rest of the text
// from every later "<!--".
const HTML_COMMENT = /<!--(?:(?!<!--)[\s\S])*?-->/g;

// Likewise an element's body may not run into another opening tag of the same name.
const RAW_TEXT_ELEMENT = /<(script|style)\b[^>]*>(?:(?!<\1\b)[\s\S])*?<\/\1\s*>/gi;

const AUTOLINK = /<((?:https?|ftp|mailto):[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)>/gi;

const HTML_TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?\/?>/g;

/** Elements that sit inside a line of text; any other tag is replaced by a space, not nothing. */
const INLINE_ELEMENTS: ReadonlySet<string> = new Set([
  ...['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'img'],
  ...['ins', 'kbd', 'mark', 'picture', 'q', 's', 'samp', 'small', 'source', 'span', 'strong'],
  ...['sub', 'sup', 'time', 'u', 'var', 'wbr'],
]);

const REFERENCE_DEFINITION =
  /^ {0,3}\[([^\]\n]+)\]:[^\S\n]*\S+(?:[^\S\n]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[^\S\n]*$/gm;

const LINK_TARGET = String.raw`(?:\((?:[^()\n]|\([^()\n]*\))*\)|\[[^[\]\n]*\])`;

// Labels exclude "[" as well as "]": otherwise every unmatched "[" rescans the rest of its line,
// and a line of them takes quadratic time.
const IMAGE = new RegExp(String.raw`!\[([^[\]\n]*)\]${LINK_TARGET}`, 'g');

const LINK = new RegExp(String.raw`\[([^[\]\n]*)\]${LINK_TARGET}`, 'g');

const SHORTCUT_LINK = /\[([^[\]\n]+)\](?![(:[])/g;

const BLOCKQUOTE_MARKER = /^(?: {0,3}> ?)+/;

const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+) *$/;

const THEMATIC_BREAK = /^ {0,3}([-*_])(?: *\1){2,} *$/;

const ATX_HEADING = /^ {0,3}#{1,6}(?: +(.*?))?(?: +#+)? *$/;

const LIST_ITEM = /^ *(?:[-*+]|\d{1,9}[.)])(?: +(?:\[[ xX]\] +)?(.*))?$/;

const TABLE_DELIMITER_ROW = /^[\s|:-]+$/;

const SENTENCE_END = /[.!?…:;][)\]"'”’»*_~]*$/u;

const STRONG = /(\*\*|__)(?=\S)(.*?\S)\1/g;

const STRIKETHROUGH = /~~(?=\S)(.*?\S)~~/g;

const STAR_EMPHASIS = /\*(?=\S)([^*\n]*?\S)\*/g;

const UNDERSCORE_EMPHASIS = /(^|[^\p{L}\p{N}_])_(?=\S)([^_\n]*?\S)_(?![\p{L}\p{N}_])/gmu;

const BACKSLASH_LINE_BREAK = /\\$/gm;

const ENTITY = /&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|[a-zA-Z]+);/g;

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
]);

/**
 * Turns the content of an uploaded text or Markdown document into plain text for analysis:
 * paragraphs separated by one blank line, with Unicode in NFC, LF line ends, tabs as spaces and no
 * trailing or repeated spaces.
 *
 * Markdown (`.md`, `.markdown`) loses its syntax but keeps its words: front matter, code blocks
 * and HTML comments go entirely; links, images, inline code, emphasis, tables, block quotes and
 * HTML tags keep their text. Headings become paragraphs of their own and headings, list items and
 * table rows end with a period when they lack closing punctuation, so the sentence splitter keeps
 * them apart. Other files are taken as plain text.
 *
 * @throws {@link DocumentError} when the extension is not in {@link SUPPORTED_EXTENSIONS}, the
 * content is empty, looks like binary data, or leaves no text once its Markdown is removed.
 *
 * @example
 * extractText('notes.md', '# Plans\r\n\r\nShip **soon**, see [the board](https://example.com).');
 * // 'Plans.\n\nShip soon, see the board.'
 */
export function extractText(filename: string, content: string): string {
  const extension = readExtension(filename);
  assertReadable(filename, content);

  const normalized = normalizeCharacters(content);
  const text = MARKDOWN_EXTENSIONS.has(extension) ? stripMarkdown(normalized) : normalized;
  const paragraphs = tidyLines(text);

  if (paragraphs === '') {
    throw new DocumentError(
      `Document "${filename}" has no readable text once its markup is removed`,
    );
  }

  return paragraphs;
}

function readExtension(filename: string): string {
  const extension = extname(filename).toLowerCase();

  if (extension !== '' && !isSupportedExtension(extension)) {
    const supported = SUPPORTED_EXTENSIONS.join(', ');
    throw new DocumentError(
      `Document "${filename}" has the unsupported type "${extension}"; ` +
        `supported are ${supported} or no extension`,
    );
  }

  return extension;
}

function isSupportedExtension(extension: string): boolean {
  return (SUPPORTED_EXTENSIONS as readonly string[]).includes(extension);
}

function assertReadable(filename: string, content: string): void {
  if (content.trim() === '') {
    throw new DocumentError(`Document "${filename}" is empty`);
  }

  if (content.includes('\0') || unreadableShare(content) > MAX_UNREADABLE_SHARE) {
    throw new DocumentError(`Document "${filename}" is unreadable: it looks like binary data`);
  }
}

function unreadableShare(content: string): number {
  const unreadable = content.match(UNREADABLE_CHARACTER) ?? [];

  return unreadable.length / content.length;
}

function normalizeCharacters(content: string): string {
  return content
    .replace(/^\uFEFF/, '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replaceAll('\t', TAB)
    .replace(STRAY_CONTROL_CHARACTER, ' ');
}

function tidyLines(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/(\S) {2,}/g, '$1 ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function stripMarkdown(markdown: string): string {
  const body = markdown.replace(FRONT_MATTER, '').split('\n');
  const lines = removeIndentedCode(removeFencedCode(body));
  const { text, restore } = protectLiterals(lines.join('\n'));
  const inline = removeLinks(removeHtml(text));
  const blocks = renderBlocks(convertTables(inline.split('\n')));

  return restore(decodeEntities(removeEmphasis(blocks)));
}

function removeFencedCode(lines: readonly string[]): string[] {
  const kept: string[] = [];
  let fence: string | undefined;

  for (const line of lines) {
    if (fence === undefined) {
      fence = FENCE_OPENING.exec(line)?.[1];
      kept.push(fence === undefined ? line : '');
    } else if (closesFence(line, fence)) {
      fence = undefined;
    }
  }

  return kept;
}

function closesFence(line: string, fence: string): boolean {
  const closing = FENCE_CLOSING.exec(line)?.[1];

  return closing !== undefined && closing[0] === fence[0] && closing.length >= fence.length;
}

/**
 * Drops lines indented four spaces after a blank line, except inside a list, where such lines
 * continue an item instead.
 */
function removeIndentedCode(lines: readonly string[]): string[] {
  let previousBlank = true;
  let inCode = false;
  let inList = false;

  return lines.map((line) => {
    const blank = line.trim() === '';
    const indented = INDENTED_LINE.test(line);
    inCode = inCode ? blank || indented : indented && previousBlank && !inList;

    if (!blank) {
      inList = LIST_ITEM_START.test(line) || (inList && line.startsWith(' '));
    }

    previousBlank = blank;

    return inCode ? '' : line;
  });
}

/**
 * Hides code spans and backslash escapes behind private-use placeholders, so that the later steps
 * leave their characters alone; `restore` puts them back.
 */
function protectLiterals(markdown: string): ProtectedText {
  const literals: string[] = [];
  const hide = (literal: string): string => `\uE000${literals.push(literal) - 1}\uE001`;
  const text = markdown
    .replace(CODE_SPAN, (_span, _ticks, code: string) => hide(code.trim()))
    .replace(ESCAPED_CHARACTER, (_escape, character: string) => hide(character));

  return {
    text,
    restore: (stripped) =>
      stripped.replace(PLACEHOLDER, (_placeholder, index: string) => literals[Number(index)] ?? ''),
  };
}

function removeHtml(text: string): string {
  return text
    .replace(HTML_COMMENT, '')
    .replace(RAW_TEXT_ELEMENT, '')
    .replace(AUTOLINK, '$1')
    .replace(HTML_TAG, (_tag, name: string) =>
      INLINE_ELEMENTS.has(name.toLowerCase()) ? '' : ' ',
    );
}

function removeLinks(text: string): string {
  const labels = new Set<string>();
  const withoutDefinitions = text.replace(REFERENCE_DEFINITION, (_definition, label: string) => {
    labels.add(normalizeLabel(label));

    return '';
  });

  return withoutDefinitions
    .replace(IMAGE, '$1')
    .replace(LINK, '$1')
    .replace(SHORTCUT_LINK, (link, label: string) =>
      labels.has(normalizeLabel(label)) ? label : link,
    );
}

function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Replaces table rows by their cells, one sentence per row, and drops the delimiter rows. */
function convertTables(lines: readonly string[]): string[] {
  const converted: string[] = [];
  let inTable = false;

  for (const [index, line] of lines.entries()) {
    inTable = line.includes('|') && (inTable || isDelimiterRow(lines[index + 1] ?? ''));

    if (!inTable) {
      converted.push(line);
    } else if (!isDelimiterRow(line)) {
      converted.push(tableRowAsSentence(line));
    }
  }

  return converted;
}

function isDelimiterRow(line: string): boolean {
  return line.includes('|') && line.includes('-') && TABLE_DELIMITER_ROW.test(line);
}

function tableRowAsSentence(row: string): string {
  const cells = row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim())
    .filter((cell) => cell !== '');
  const joined = cells.map((cell, index) =>
    index < cells.length - 1 && !SENTENCE_END.test(cell) ? `${cell},` : cell,
  );

  return asSentence(joined.join(' '));
}

function renderBlocks(lines: readonly string[]): string {
  const blocks = markSetextHeadings(lines.map(classifyLine));
  const rendered: string[] = [];
  let inItem = false;

  for (const [index, block] of blocks.entries()) {
    if (block.kind === 'heading') {
      inItem = false;
      rendered.push('', asSentence(block.text), '');
      continue;
    }

    inItem = block.kind === 'item' || (inItem && block.kind === 'text');
    const endsItem = inItem && blocks[index + 1]?.kind !== 'text';
    rendered.push(endsItem ? asSentence(block.text) : block.text);
  }

  return rendered.join('\n');
}

function classifyLine(line: string): Block {
  const unquoted = line.replace(BLOCKQUOTE_MARKER, '');

  if (SETEXT_UNDERLINE.test(unquoted)) {
    return { kind: 'underline', text: '' };
  }

  if (unquoted.trim() === '' || THEMATIC_BREAK.test(unquoted)) {
    return { kind: 'blank', text: '' };
  }

  const heading = ATX_HEADING.exec(unquoted);
  if (heading) {
    return { kind: 'heading', text: heading[1] ?? '' };
  }

  const item = LIST_ITEM.exec(unquoted);
  if (item) {
    return { kind: 'item', text: item[1]?.trim() ?? '' };
  }

  return { kind: 'text', text: unquoted.trim() };
}

/** A line of text above `===` or `---` is a heading; an underline anywhere else is a rule. */
function markSetextHeadings(blocks: readonly Block[]): Block[] {
  return blocks.map((block, index): Block => {
    if (block.kind === 'text' && blocks[index + 1]?.kind === 'underline') {
      return { kind: 'heading', text: block.text };
    }

    return block.kind === 'underline' ? { kind: 'blank', text: '' } : block;
  });
}

function asSentence(text: string): string {
  const trimmed = text.trim();

  if (trimmed === '' || SENTENCE_END.test(trimmed)) {
    return trimmed;
  }

  return `${trimmed}.`;
}

function removeEmphasis(text: string): string {
  return text
    .replace(STRONG, '$2')
    .replace(STRIKETHROUGH, '$1')
    .replace(STAR_EMPHASIS, '$1')
    .replace(UNDERSCORE_EMPHASIS, '$1$2')
    .replace(BACKSLASH_LINE_BREAK, '');
}

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (entity, name: string) => decodeEntity(name) ?? entity);
}

function decodeEntity(name: string): string | undefined {
  if (!name.startsWith('#')) {
    return NAMED_ENTITIES.get(name.toLowerCase());
  }

  const hex = name[1] === 'x' || name[1] === 'X';
  const code = hex ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);

  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}
