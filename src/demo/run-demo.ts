import type { Config } from '../config/config.js';
import { createLogger } from '../config/logger.js';
import { DemoCheckError } from './checks.js';
import { loadDemoConfig } from './demo-config.js';
import {
  defaultDocumentPaths,
  DemoDocumentError,
  readDemoDocuments,
  type DemoDocument,
} from './demo-documents.js';
import { startDemoRuntime, type DemoRuntime } from './demo-runtime.js';
import { createDemoViewers, type DemoViewers } from './demo-viewers.js';
import type { Output } from './output.js';
import { plural, printFields, printHeading } from './print.js';
import { runScenario, SCENARIO_DOCUMENTS } from './scenario.js';

/** How to pass the demo its documents. */
export const DEMO_USAGE = 'Usage: npm run demo -- [FILE.md|FILE.txt ...]  (3 files are sent)';

/**
 * Runs `npm run demo`: starts the API and a worker in this process, plays the scenario against
 * them with the documents at `paths` (default: the project's Markdown files), then stops them.
 * Resolves with the exit code: 0 when every check passed, 1 after printing what failed.
 */
export async function runDemo(paths: readonly string[], out: Output): Promise<number> {
  try {
    await playDemo(paths, out);

    return 0;
  } catch (error) {
    out.error('');
    out.error(describeFailure(error));

    return 1;
  }
}

async function playDemo(paths: readonly string[], out: Output): Promise<void> {
  const chosen = paths.length > 0 ? [...paths] : await defaultDocumentPaths();
  const documents = await readDemoDocuments(chosen, SCENARIO_DOCUMENTS);
  const config = loadDemoConfig();
  const runtime = await startDemoRuntime(config, createLogger(config.logLevel, 'agentexec-demo'));

  try {
    const viewers = await createDemoViewers(config.jwtSecret);
    printSetup(out, { config, runtime, viewers, documents });
    await runScenario({ url: runtime.url, viewers, documents, out });

    out.log('');
    out.log('Demo finished: every check passed.');
  } finally {
    await runtime.close();
  }
}

interface Setup {
  config: Config;
  runtime: DemoRuntime;
  viewers: DemoViewers;
  documents: readonly DemoDocument[];
}

function printSetup(out: Output, setup: Setup): void {
  const { config, runtime, viewers, documents } = setup;
  const database = new URL(config.databaseUrl);
  const state = runtime.createdDatabase ? 'created' : 'existing';
  const migrations = `${plural(runtime.appliedMigrations, 'migration', 'migrations')} applied`;
  const organizations = [viewers.orgAMember, viewers.orgBMember, viewers.orgCMember];

  printHeading(out, 'Setup');
  printFields(out, [
    ['Database', `${database.pathname.slice(1)} on ${database.host} (${state}, ${migrations})`],
    ['API', runtime.url],
    ['Worker', `in this process, queue prefix ${config.queuePrefix}`],
    [
      'Tenants',
      organizations.map((viewer) => `${viewer.label} is ${viewer.organizationId}`).join(', '),
    ],
    ['Viewers', Object.values(viewers).map(describeViewer).join(', ')],
    ['Documents', documents.map((document) => document.path).join(', ')],
  ]);
}

function describeViewer(viewer: DemoViewers[keyof DemoViewers]): string {
  return `${viewer.userId} (${viewer.label} ${viewer.admin ? 'admin' : 'member'})`;
}

function describeFailure(error: unknown): string {
  if (error instanceof DemoCheckError) {
    return `Demo failed. Check failed: ${error.message}`;
  }
  if (error instanceof DemoDocumentError) {
    return `Demo failed. ${error.message}\n${DEMO_USAGE}`;
  }

  return `Demo failed: ${describeError(error)}`;
}

/** An error's message; connection failures to several addresses carry theirs inside. */
function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeError).join('; ');
  }

  return error instanceof Error && error.message !== '' ? error.message : String(error);
}
