import { describe, expect, it } from 'vitest';

import { DocumentError } from '../src/documents/document-error.js';
import { extractText, SUPPORTED_EXTENSIONS } from '../src/documents/extract-text.js';
import { PermanentTaskError } from '../src/tasks/task-errors.js';

const README = `---
title: Queue Runner
tags: [jobs]
---

<!-- badges: keep them on one line -->
[![Build status](https://ci.example.com/badge.svg)](https://ci.example.com)

Queue Runner
============

Queue Runner executes **background jobs** for _small teams_ and reports
their progress over a [WebSocket](https://en.wikipedia.org/wiki/WebSocket_(protocol)).
It retries failed jobs with backoff&nbsp;and keeps a log of every attempt.

## Features

- Retries with exponential backoff
- [x] Live progress over \`graphql-ws\`
* Cancels jobs that run too long, even when the worker
  is busy elsewhere

> Jobs are ~~never~~ rarely lost: each attempt is recorded first.

## Install

\`\`\`sh
npm install queue-runner
\`\`\`

    const runner = createRunner();

| Option | Default | Meaning |
| ------ | :-----: | ------- |
| \`concurrency\` | 4 | Jobs run at once. |
| \`timeout\` | 30s | Time limit per job |

***

Read the <a href="docs/guide.md">guide</a> &amp; the [FAQ][faq] for details.
See ![the flow diagram](docs/flow.png "Flow") too.

[faq]: https://example.com/faq "Questions"
`;

const README_TEXT = `Build status

Queue Runner.

Queue Runner executes background jobs for small teams and reports
their progress over a WebSocket.
It retries failed jobs with backoff and keeps a log of every attempt.

Features.

Retries with exponential backoff.
Live progress over graphql-ws.
Cancels jobs that run too long, even when the worker
is busy elsewhere.

Jobs are never rarely lost: each attempt is recorded first.

Install.

Option, Default, Meaning.
concurrency, 4, Jobs run at once.
timeout, 30s, Time limit per job.

Read the guide & the FAQ for details.
See the flow diagram too.`;

function markdown(content: string): string {
  return extractText('notes.md', content);
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }

  throw new Error('expected the action to throw');
}

describe('extractText on Markdown', () => {
  it('turns a README into plain paragraphs that keep its words and lose its syntax', () => {
    expect(extractText('README.md', README)).toBe(README_TEXT);
  });

  it('removes YAML front matter, also after a byte order mark', () => {
    expect(markdown('---\ntitle: Plans\ndraft: true\n---\nBody text.')).toBe('Body text.');
    expect(markdown('\uFEFF---\ntitle: Plans\n---\nBody text.')).toBe('Body text.');
  });

  it('removes fenced code blocks of backticks and tildes, with their content', () => {
    const content = 'Before.\n\n```ts\nconst a = 1;\n```\n\n~~~\nrm -rf build\n~~~\n\nAfter.';

    expect(markdown(content)).toBe('Before.\n\nAfter.');
  });

  it('removes indented code blocks but keeps indented list continuations', () => {
    const content =
      'Run this:\n\n    npm test\n\n\tnpm run build\n\n- Item that\n  wraps\n\n    More about it.';

    expect(markdown(content)).toBe('Run this:\n\nItem that\nwraps.\n\nMore about it.');
  });

  it('removes HTML comments, scripts and tags but keeps the text inside tags', () => {
    const content =
      '<!-- draft\nnote -->\n<p align="center">Fast <b>queues</b></p><p>for all</p>\n' +
      '<script>track()</script>';

    expect(markdown(content)).toBe('Fast queues for all');
  });

  it('keeps the alt text of images and the text of inline, reference and shortcut links', () => {
    const content =
      'See ![a chart](chart.png), [the docs](https://example.com "Docs"), ' +
      '[the guide][guide] and [FAQ].\n\n[guide]: https://example.com/guide\n[faq]: /faq';

    expect(markdown(content)).toBe('See a chart, the docs, the guide and FAQ.');
  });

  it('keeps the address of an autolink without its angle brackets', () => {
    expect(markdown('Mail <team@example.com> or open <https://example.com/faq>.')).toBe(
      'Mail team@example.com or open https://example.com/faq.',
    );
  });

  it('keeps the text of inline code untouched by the other rules', () => {
    expect(markdown('Call `run_job(*args)` or `` a`b ``, not \\*this\\*.')).toBe(
      'Call run_job(*args) or a`b, not *this*.',
    );
  });

  it('removes emphasis, strong and strikethrough markers but not underscores inside words', () => {
    expect(markdown('Some **bold**, __strong__, *em*, _em_, ~~gone~~ and snake_case_name.')).toBe(
      'Some bold, strong, em, em, gone and snake_case_name.',
    );
  });

  it('makes each heading a paragraph that ends as a sentence', () => {
    const content = '# Queue Runner #\nIntro text.\n## Why use it?\nSetup\n-----\nDone.';

    expect(markdown(content)).toBe(
      'Queue Runner.\n\nIntro text.\n\nWhy use it?\n\nSetup.\n\nDone.',
    );
  });

  it('removes list bullets, numbers and task boxes and ends each item as a sentence', () => {
    const content = '1. Install it\n2) Configure it:\n   - set the port\n   + [ ] set the host\n';

    expect(markdown(content)).toBe('Install it.\nConfigure it:\nset the port.\nset the host.');
  });

  it('removes blockquote markers and horizontal rules', () => {
    expect(markdown('> Quoted\n> > nested.\n\n---\n\n* * *\n\nAfter.')).toBe(
      'Quoted\nnested.\n\nAfter.',
    );
  });

  it('keeps table cells as one sentence per row and drops the delimiter row', () => {
    const content =
      '| Name | Role |\n|:--|--:|\n| Ada | Writes the queue |\n| Lin | Tests \\| ships |';

    expect(markdown(content)).toBe('Name, Role.\nAda, Writes the queue.\nLin, Tests | ships.');
  });

  it('decodes the common HTML entities', () => {
    expect(markdown('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; f&nbsp;g &#x263A;')).toBe(
      'a & b <c> "d" \'e\' f g ☺',
    );
  });

  it('reads the .markdown extension in any case as Markdown', () => {
    expect(extractText('GUIDE.MARKDOWN', '## Title')).toBe('Title.');
  });
});

describe('extractText on plain text', () => {
  it('leaves Markdown syntax in place', () => {
    expect(extractText('notes.txt', '# Not a heading, **not bold**')).toBe(
      '# Not a heading, **not bold**',
    );
  });

  it('normalizes BOM, NFC, line ends, tabs, trailing spaces and blank lines', () => {
    const content = '\uFEFF  Cafe\u0301\tbar  \r\n\r\n\r\n\r\nNext\rline \n';

    expect(extractText('notes.text', content)).toBe('Caf\u00e9 bar\n\nNext\nline');
  });

  it('reads a file without an extension as plain text', () => {
    expect(extractText('LICENSE', '*Permission* is granted.')).toBe('*Permission* is granted.');
  });

  it('lists the supported extensions', () => {
    expect(SUPPORTED_EXTENSIONS).toEqual(['.md', '.markdown', '.txt', '.text']);
  });
});

describe('extractText failures', () => {
  it.each([
    ['empty content', 'notes.txt', '', /is empty/],
    ['whitespace-only content', 'notes.txt', ' \n\t\r\n ', /is empty/],
    ['a NUL byte', 'notes.txt', 'Readable words around a single NUL\0 byte.', /binary/],
    [
      'mostly replacement and control characters',
      'notes.txt',
      'ab\uFFFD\uFFFD\uFFFD cd \uFFFD\u0001',
      /binary/,
    ],
    ['an unsupported extension', 'photo.png', 'plain words', /unsupported type "\.png"/],
    ['Markdown with nothing readable', 'notes.md', '```\ncode\n```\n<!-- note -->', /no readable/],
  ])(
    'rejects %s with a permanent DocumentError naming the file',
    (_case, filename, content, reason) => {
      const error = thrownBy(() => extractText(filename, content));

      expect(error).toBeInstanceOf(DocumentError);
      expect(error).toBeInstanceOf(PermanentTaskError);
      expect((error as DocumentError).name).toBe('DocumentError');
      expect((error as DocumentError).message).toContain(`"${filename}"`);
      expect((error as DocumentError).message).toMatch(reason);
    },
  );

  it('tolerates a rare replacement character in otherwise readable text', () => {
    expect(extractText('notes.txt', 'A caf\uFFFD with a view and good coffee.')).toBe(
      'A caf\uFFFD with a view and good coffee.',
    );
  });
});

describe('extractText on hostile Markdown', () => {
  // Each pattern made an earlier version backtrack quadratically: 64 KB of "[" took 13 s. The
  // bound is generous on purpose; quadratic time on 1 MB would take many minutes.
  const hostile: Record<string, string> = {
    'unmatched brackets': `Hello. ${'['.repeat(1 << 20)}`,
    'unclosed comments': `Hello. ${'<!--'.repeat(1 << 18)}`,
    'unclosed scripts': `Hello. ${'<script>'.repeat(1 << 17)}`,
    'unmatched backticks': `Hello. ${'` '.repeat(1 << 19)}`,
  };

  it.each(Object.entries(hostile))('handles a megabyte of %s in linear time', (_name, text) => {
    const started = performance.now();
    try {
      extractText('hostile.md', text);
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentError);
    }

    expect(performance.now() - started).toBeLessThan(5000);
  });
});
