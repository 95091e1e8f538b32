import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import {
  CompiledQuery,
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type UnknownRow,
} from 'kysely';

import { loadConfig } from '../src/config/config.js';
import { createLogger } from '../src/config/logger.js';
import { createDatabase } from '../src/db/database.js';
import {
  createDatabaseNamed,
  dropDatabaseNamed,
  withDatabaseName,
} from '../src/db/database-server.js';
import type { Database } from '../src/db/database-types.js';
import { migrateToLatest } from '../src/db/migrator.js';
import {
  OrganizationActivities,
  type ActivityPage,
  type ActivityPosition,
} from '../src/db/organization-activities.js';

// Times one tenant's activity pages, counts and metadata filters through the real repository on
// a throwaway database holding 1,000,000 activities, 500,000 of them in one organization.
// Run with `npm run bench:pagination`; DATABASE_URL picks the server, the database is its own.

const TOTAL_ROWS = 1_000_000;
const SEED_BATCH_ROWS = 250_000;
const BIG_ORGANIZATION = 'org-big';
const OTHER_ORGANIZATIONS = 500;
const PAGE_SIZE = 20;
const DEEP_PAGES = 50;
const MID_LIST_PAGES = 50;
const MID_LIST_PAGE_SIZE = 5_000;
const WARMUP_RUNS = 5;
const TIMED_RUNS = 30;
const PLAN_LINES = 16;
const PAGE_INDEX = 'agentexec_activity_organization_page';
/** A median above this is called out in the summary. */
const SLOW_MS = 50;

interface Measurement {
  label: string;
  medianMs: number;
  p95Ms: number;
  result: string;
}

interface Plan {
  label: string;
  lines: string[];
}

/** Cursors reached by following pages from the start of the big organization's list. */
interface Cursors {
  /** After {@link DEEP_PAGES} pages of {@link PAGE_SIZE}. */
  deep: ActivityPosition;
  /** After {@link MID_LIST_PAGES} pages of {@link MID_LIST_PAGE_SIZE}. */
  middle: ActivityPosition;
}

/** Matches about 2% of the big organization's rows. */
const PROJECT_FILTER = { metadata: { project: 'p-7' } };
/** Matches about 100 of the big organization's rows, 200 in the table. */
const USER_FILTER = { metadata: { user_id: 'user-7' } };
const MIDDLE_ROW = (MID_LIST_PAGES * MID_LIST_PAGE_SIZE + 1).toLocaleString('en');

/** Remembers the last query sent through it, so the same SQL can be explained afterwards. */
class QueryRecorder implements KyselyPlugin {
  last: PluginTransformQueryArgs | null = null;

  transformQuery(args: PluginTransformQueryArgs): PluginTransformQueryArgs['node'] {
    this.last = args;

    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

const config = loadConfig();
const databaseName = `agentexec_bench_${randomBytes(5).toString('hex')}`;
await createDatabaseNamed(config.databaseUrl, databaseName);

const db = createDatabase({
  connectionString: withDatabaseName(config.databaseUrl, databaseName),
  logger: createLogger('error', 'bench'),
  maxConnections: 2,
});
try {
  await runBenchmark(db);
} finally {
  await db.destroy();
  await dropDatabaseNamed(config.databaseUrl, databaseName);
  console.log(`\nDropped database ${databaseName}`);
}

async function runBenchmark(db: Kysely<Database>): Promise<void> {
  console.log(`Database ${databaseName} on ${new URL(config.databaseUrl).host}`);
  await migrateToLatest(db);
  await seed(db);

  const recorder = new QueryRecorder();
  const activities = new OrganizationActivities(db.withPlugin(recorder), BIG_ORGANIZATION);
  const cursors: Cursors = {
    deep: await positionAfterPages(activities, DEEP_PAGES, PAGE_SIZE),
    middle: await positionAfterPages(activities, MID_LIST_PAGES, MID_LIST_PAGE_SIZE),
  };
  const measurements = await measureRepository(activities, cursors);
  const plans = await explainRepository(db, activities, recorder, cursors);
  const baseline = await measureBaseline(db);

  printTable([...measurements, baseline.measurement]);
  printPlans([...plans, baseline.plan]);
  printSummary(measurements, plans, baseline.measurement);
}

async function seed(db: Kysely<Database>): Promise<void> {
  console.log(`\nSeeding ${TOTAL_ROWS.toLocaleString('en')} activities (no log rows)...`);
  const insertStarted = performance.now();
  for (let first = 1; first <= TOTAL_ROWS; first += SEED_BATCH_ROWS) {
    await insertActivities(db, first, Math.min(first + SEED_BATCH_ROWS - 1, TOTAL_ROWS));
  }
  const insertMs = performance.now() - insertStarted;

  // Vacuum as well as analyze: autovacuum would set the visibility map on a live table soon after
  // a bulk load, and without it every index-only scan falls back to heap fetches.
  const vacuumStarted = performance.now();
  await sql`vacuum (analyze) agentexec_activity`.execute(db);
  const vacuumMs = performance.now() - vacuumStarted;

  console.log(`  insert          ${seconds(insertMs)}`);
  console.log(`  vacuum analyze  ${seconds(vacuumMs)}`);
}

/**
 * Inserts rows `first..last` of the seed in one statement. Even rows belong to the big
 * organization, so its rows share heap pages with every other tenant's, as in a live table.
 * Ids grow with `created_at`, one row every ~31.5 s over the year before now.
 */
async function insertActivities(db: Kysely<Database>, first: number, last: number): Promise<void> {
  await sql`
    insert into agentexec_activity (
      agent_id, agent_type, metadata, status, percentage, latest_message, error, attempts,
      created_at, updated_at, started_at, finished_at
    )
    select
      md5('bench-' || i)::uuid,
      (array['process_document', 'summarize_text', 'extract_text'])[1 + i % 3],
      jsonb_build_object(
        'organization_id', organization_id,
        'user_id', 'user-' || user_number,
        'project', 'p-' || user_number % 50
      ),
      status,
      case when status = 'COMPLETE' then 100 else i % 100 end,
      case when status = 'QUEUED' then null else 'step ' || i % 7 end,
      case when status = 'ERROR' then 'bench failure' end,
      case when status = 'QUEUED' then 0 else 1 end,
      created_at,
      created_at + interval '30 seconds',
      case when status <> 'QUEUED' then created_at + interval '1 second' end,
      case when status in ('COMPLETE', 'ERROR') then created_at + interval '30 seconds' end
    from (
      select
        i,
        case
          when i % 2 = 0 then ${BIG_ORGANIZATION}
          else 'org-' || (i / 2) % ${OTHER_ORGANIZATIONS}
        end as organization_id,
        (i / 2) % 4999 as user_number,
        case
          when (i / 2) % 100 = 0 then 'RUNNING'
          when (i / 2) % 100 = 1 then 'QUEUED'
          when (i / 2) % 100 < 12 then 'ERROR'
          else 'COMPLETE'
        end as status,
        now() - (${TOTAL_ROWS}::int - i) * interval '31.536 seconds' as created_at
      from generate_series(${first}::int, ${last}::int) as i
    ) as seed
  `.execute(db);
}

/** The first measurement is the first page, which the summary compares with the baseline. */
async function measureRepository(
  activities: OrganizationActivities,
  { deep, middle }: Cursors,
): Promise<Measurement[]> {
  return [
    await measure(`list first page (first=${PAGE_SIZE})`, () =>
      activities.list(PAGE_SIZE, null, {}),
    ),
    await measure(`list page ${DEEP_PAGES + 1} (cursor after ${DEEP_PAGES} pages)`, () =>
      activities.list(PAGE_SIZE, deep, {}),
    ),
    await measure(`list page at row ${MIDDLE_ROW} (cursor)`, () =>
      activities.list(PAGE_SIZE, middle, {}),
    ),
    await measure('count() (totalCount)', () => activities.count()),
    await measure('activeCount()', () => activities.activeCount()),
    await measure('list metadata {project: p-7}', () =>
      activities.list(PAGE_SIZE, null, PROJECT_FILTER),
    ),
    await measure('count metadata {project: p-7}', () => activities.count(PROJECT_FILTER)),
    await measure('list metadata {user_id: user-7}', () =>
      activities.list(PAGE_SIZE, null, USER_FILTER),
    ),
  ];
}

/** Follows cursors from the start of the list and returns the position of the last item. */
async function positionAfterPages(
  activities: OrganizationActivities,
  pages: number,
  pageSize: number,
): Promise<ActivityPosition> {
  let after: ActivityPosition | null = null;
  for (let page = 0; page < pages; page += 1) {
    const { items } = await activities.list(pageSize, after, {});
    const last = items.at(-1);
    if (last === undefined) {
      throw new Error(`The list ended before page ${page + 1}`);
    }
    after = last.position;
  }
  if (after === null) {
    throw new Error('At least one page is needed to reach a position');
  }

  return after;
}

/** Runs `run` a few times untimed, then times {@link TIMED_RUNS} runs one after another. */
async function measure(
  label: string,
  run: () => Promise<ActivityPage | number>,
): Promise<Measurement> {
  for (let warmup = 0; warmup < WARMUP_RUNS; warmup += 1) {
    await run();
  }

  const durations: number[] = [];
  let result: ActivityPage | number = 0;
  for (let timed = 0; timed < TIMED_RUNS; timed += 1) {
    const started = performance.now();
    result = await run();
    durations.push(performance.now() - started);
  }
  durations.sort((a, b) => a - b);

  return {
    label,
    medianMs: percentile(durations, 0.5),
    p95Ms: percentile(durations, 0.95),
    result: describe(result),
  };
}

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: number[], fraction: number): number {
  const index = Math.max(0, Math.ceil(fraction * sorted.length) - 1);

  return sorted[index] ?? Number.NaN;
}

function describe(result: ActivityPage | number): string {
  if (typeof result === 'number') {
    return result.toLocaleString('en');
  }

  const first = result.items[0]?.activity.status ?? '-';

  return `${result.items.length} items from ${first}, hasNextPage=${result.hasNextPage}`;
}

/** Plans of the SQL the repository sent, taken from the recorder after one more call each. */
async function explainRepository(
  db: Kysely<Database>,
  activities: OrganizationActivities,
  recorder: QueryRecorder,
  { deep, middle }: Cursors,
): Promise<Plan[]> {
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['list first page', () => activities.list(PAGE_SIZE, null, {})],
    [`list page ${DEEP_PAGES + 1}`, () => activities.list(PAGE_SIZE, deep, {})],
    [`list page at row ${MIDDLE_ROW}`, () => activities.list(PAGE_SIZE, middle, {})],
    ['count()', () => activities.count()],
    ['list metadata {project: p-7}', () => activities.list(PAGE_SIZE, null, PROJECT_FILTER)],
    ['list metadata {user_id: user-7}', () => activities.list(PAGE_SIZE, null, USER_FILTER)],
  ];

  const plans: Plan[] = [];
  for (const [label, call] of calls) {
    await call();
    plans.push({ label, lines: await explainLast(db, recorder) });
  }

  return plans;
}

async function explainLast(db: Kysely<Database>, recorder: QueryRecorder): Promise<string[]> {
  if (recorder.last === null) {
    throw new Error('No query was recorded to explain');
  }

  const compiled = db.getExecutor().compileQuery(recorder.last.node, recorder.last.queryId);
  const explain = CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [
    ...compiled.parameters,
  ]);
  const result = await db.executeQuery<{ 'QUERY PLAN': string }>(explain);

  return result.rows.map((row) => row['QUERY PLAN']);
}

/**
 * The first page again with the planner kept off ordered index scans, so it must read every row
 * of the organization and sort them: what the btree's order saves.
 */
async function measureBaseline(
  db: Kysely<Database>,
): Promise<{ measurement: Measurement; plan: Plan }> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_indexscan = off`.execute(trx);
    await sql`set local enable_indexonlyscan = off`.execute(trx);

    const recorder = new QueryRecorder();
    const activities = new OrganizationActivities(trx.withPlugin(recorder), BIG_ORGANIZATION);
    const label = 'BASELINE first page, index order off';
    const measurement = await measure(label, () => activities.list(PAGE_SIZE, null, {}));
    const lines = await explainLast(trx, recorder);

    return { measurement, plan: { label, lines } };
  });
}

function printTable(measurements: Measurement[]): void {
  const width = Math.max(...measurements.map((measurement) => measurement.label.length));
  console.log(`\n${BIG_ORGANIZATION}: ${WARMUP_RUNS} warm-up runs, then ${TIMED_RUNS} timed`);
  console.log(
    `${'query'.padEnd(width)}  ${'median ms'.padStart(9)}  ${'p95 ms'.padStart(9)}  result`,
  );
  for (const { label, medianMs, p95Ms, result } of measurements) {
    const median = medianMs.toFixed(2).padStart(9);
    const p95 = p95Ms.toFixed(2).padStart(9);
    console.log(`${label.padEnd(width)}  ${median}  ${p95}  ${result}`);
  }
}

function printPlans(plans: Plan[]): void {
  console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the SQL the repository sent (first lines):');
  for (const { label, lines } of plans) {
    console.log(`\n-- ${label}`);
    for (const line of lines.slice(0, PLAN_LINES)) {
      console.log(`   ${line}`);
    }
  }
}

function printSummary(measurements: Measurement[], plans: Plan[], baseline: Measurement): void {
  const [firstPage] = measurements;
  const usesIndex = plans[0]?.lines.some((line) => line.includes(PAGE_INDEX)) ?? false;

  console.log('\nSummary');
  console.log(`  first page plan uses ${PAGE_INDEX}: ${usesIndex ? 'yes' : 'no'}`);
  if (firstPage !== undefined) {
    const ratio = (baseline.medianMs / firstPage.medianMs).toFixed(0);
    console.log(
      `  first page ${milliseconds(firstPage.medianMs)} vs baseline ` +
        `${milliseconds(baseline.medianMs)} median: ${ratio}x faster in index order`,
    );
  }
  printFilteredRows(plans);
  printSlow(measurements);
}

/** Index rows read and thrown away by each plan: the cost that grows with depth or rarity. */
function printFilteredRows(plans: Plan[]): void {
  for (const { label, lines } of plans) {
    const removed = lines
      .map((line) => /Rows Removed by Filter: (\d+)/.exec(line)?.[1])
      .find((count) => count !== undefined);
    if (removed !== undefined) {
      console.log(`  ${label}: ${Number(removed).toLocaleString('en')} rows removed by Filter`);
    }
  }
}

function printSlow(measurements: Measurement[]): void {
  const slow = measurements.filter((measurement) => measurement.medianMs > SLOW_MS);
  for (const { label, medianMs } of slow) {
    console.log(`  over ${SLOW_MS} ms median: ${label} (${milliseconds(medianMs)})`);
  }
  if (slow.length === 0) {
    console.log(`  every repository query's median is under ${SLOW_MS} ms`);
  }
}

function milliseconds(value: number): string {
  return `${value.toFixed(2)} ms`;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}
