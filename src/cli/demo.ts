import { parseArgs } from 'node:util';

import { DEMO_USAGE, runDemo } from '../demo/run-demo.js';

// Plays the multi-tenancy scenario against an API and a worker started in this process:
//   npm run demo [-- a.md b.txt c.md]
// Without paths it sends the project's own Markdown files. Exits 0 when every check passed.

process.exit(await runDemo(documentPaths(), console));

function documentPaths(): string[] {
  try {
    return parseArgs({ allowPositionals: true, options: {} }).positionals;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    console.error(DEMO_USAGE);
    process.exit(2);
  }
}
