import { check } from './checks.js';
import type { DemoViewer, DemoViewers } from './demo-viewers.js';
import type { EnqueuedDocument } from './enqueued-document.js';
import { dataOf, describeErrors, requestGraphQL } from './graphql-http.js';
import { ActivitiesQuery, ActivityMetadataQuery, ActivityQuery } from './operations.js';
import type { Output } from './output.js';
import { plural, printActivityList, printMetadata, printPassed } from './print.js';

/** What the tenant checks need: the API, its viewers, the documents enqueued and the output. */
export interface TenantCheckOptions {
  url: string;
  viewers: DemoViewers;
  runs: readonly EnqueuedDocument[];
  out: Output;
}

/** Each organization lists exactly the activities it enqueued, none of them still active. */
export async function checkActivityLists(options: TenantCheckOptions): Promise<void> {
  const { viewers } = options;
  for (const viewer of [viewers.orgAMember, viewers.orgBMember, viewers.orgCMember]) {
    await checkActivityList(options, viewer);
  }
}

async function checkActivityList(options: TenantCheckOptions, viewer: DemoViewer) {
  const { url, runs, out } = options;
  const own = runs.filter((run) => run.viewer.organizationId === viewer.organizationId);
  const response = await requestGraphQL(url, ActivitiesQuery, { first: 20 }, viewer.token);
  const list = dataOf(response, `the activities query of ${viewer.label}`);
  printActivityList(out, viewer.label, list, runs);

  const { totalCount, edges } = list.activities;
  check(
    totalCount === own.length,
    `${viewer.label} counts ${own.length} (totalCount: ${totalCount})`,
  );
  const listed = edges.map(({ node }) => node.agentId).sort();
  const expected = own.map((run) => run.agentId).sort();
  check(listed.join() === expected.join(), `${viewer.label} lists exactly its own activities`);
  check(
    list.activeCount === 0,
    `${viewer.label} has none active (activeCount: ${list.activeCount})`,
  );
  const counted = plural(own.length, 'activity', 'activities');
  printPassed(out, `${viewer.label} sees its own ${counted} and nothing else, none active`);
}

/** org-B asking for org-A's first activity gets null, as if it did not exist. */
export async function checkIsolation(options: TenantCheckOptions): Promise<void> {
  const { url, viewers, out } = options;
  const target = firstOf(options.runs, viewers.orgAMember);
  const response = await requestGraphQL(url, ActivityQuery, target, viewers.orgBMember.token);
  const { activity } = dataOf(response, 'the activity query of org-B');

  out.log(`org-B asks for org-A's #1 (${target.agentId}): activity is ${JSON.stringify(activity)}`);
  check(activity === null, `org-B gets null for org-A's activity #1`);
  printPassed(out, `org-B cannot see org-A's activity`);
}

/** org-A's admin reads the metadata of its first activity; org-A's member is refused it. */
export async function checkMetadata(options: TenantCheckOptions): Promise<void> {
  await checkAdminMetadata(options);
  await checkMemberMetadata(options);
}

async function checkAdminMetadata(options: TenantCheckOptions) {
  const { url, viewers, out } = options;
  const admin = viewers.orgAAdmin;
  const target = firstOf(options.runs, viewers.orgAMember);
  const response = await requestGraphQL(url, ActivityMetadataQuery, target, admin.token);
  const metadata = dataOf(response, `the metadata query of org-A's admin`).activity?.metadata;

  out.log(`${admin.userId} (org-A admin) reads the metadata of #1:`);
  printMetadata(out, metadata);
  const expected = { organization_id: admin.organizationId, user_id: viewers.orgAMember.userId };
  check(includes(metadata, expected), `org-A's admin reads organization_id and user_id of #1`);
  printPassed(out, `the admin sees who enqueued #1 and for which organization`);
}

async function checkMemberMetadata(options: TenantCheckOptions) {
  const { url, viewers, out } = options;
  const member = viewers.orgAMember;
  const target = firstOf(options.runs, member);
  const response = await requestGraphQL(url, ActivityMetadataQuery, target, member.token);
  const metadata = response.data?.activity?.metadata;
  const refused = response.errors?.some((error) => error.extensions?.code === 'FORBIDDEN');

  out.log(`${member.userId} (org-A member) reads the metadata of #1:`);
  out.log(`    metadata: ${JSON.stringify(metadata)}, error: ${describeErrors(response.errors)}`);
  check(metadata === null && refused === true, `org-A's member gets null metadata and FORBIDDEN`);
  printPassed(out, 'a member is refused the metadata');
}

/** The variables naming the first activity `viewer` enqueued. */
function firstOf(runs: readonly EnqueuedDocument[], viewer: DemoViewer): { agentId: string } {
  const run = runs.find((candidate) => candidate.viewer === viewer);
  check(run !== undefined, `${viewer.userId} of ${viewer.label} enqueued a document`);

  return { agentId: run.agentId };
}

function includes(value: unknown, expected: Record<string, string>): boolean {
  if (typeof value !== 'object' || value === null) {
    return false;
  }

  const record = value as Record<string, unknown>;

  return Object.entries(expected).every(([key, wanted]) => record[key] === wanted);
}
