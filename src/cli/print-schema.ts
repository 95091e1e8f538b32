import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

import { printedSchema } from '../graphql/schema.js';

// Rewrites schema.graphql from the code-first schema; `--check` fails instead when it is stale.

const SCHEMA_FILE = new URL('../../schema.graphql', import.meta.url);
const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const printed = printedSchema();

if (values.check) {
  const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => '');
  if (committed !== printed) {
    console.error('schema.graphql is stale: run `npm run schema` and commit it');
    process.exit(1);
  }
  console.log('schema.graphql is up to date');
} else {
  await writeFile(SCHEMA_FILE, printed);
  console.log('Wrote schema.graphql');
}
