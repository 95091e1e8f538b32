import type {
  Activity,
  ActivityChange,
  ActivityLogEntry,
  ActivityStep,
} from '../db/activity-record.js';
import { ACTIVITY_STATUSES } from '../db/database-types.js';
import { builder } from './builder.js';
import { viewerLoaders } from './context.js';
import { badUserInput } from './errors.js';

const STATUS_DESCRIPTIONS = {
  QUEUED: 'Waiting for a worker, first or between attempts.',
  RUNNING: 'A worker is running it.',
  COMPLETE: 'Finished with a result. Final.',
  ERROR: 'Failed after its last attempt. Final.',
  CANCELED: 'Canceled before it finished. Final.',
} as const;

export const ActivityStatusEnum = builder.enumType('ActivityStatus', {
  description: 'Where an activity is in its lifecycle.',
  values: Object.fromEntries(
    ACTIVITY_STATUSES.map((status) => [status, { description: STATUS_DESCRIPTIONS[status] }]),
  ) as Record<(typeof ACTIVITY_STATUSES)[number], { description: string }>,
});

export const ActivityLogRef = builder.objectRef<ActivityLogEntry>('ActivityLog').implement({
  description: 'One status or progress message of an activity.',
  fields: (t) => ({
    // The organization's own numbering: a global id would let one tenant count another's writes.
    id: t.id({
      description: 'Position of the entry among its organization’s changes; the event cursor.',
      resolve: (entry) => entry.sequence,
    }),
    message: t.exposeString('message', { description: 'What happened.' }),
    status: t.field({
      type: ActivityStatusEnum,
      description: 'The activity status after this entry.',
      resolve: (entry) => entry.status,
    }),
    percentage: t.exposeInt('percentage', { description: 'Progress after this entry, 0 to 100.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was recorded.' }),
  }),
});

export const ActivityStepRef = builder.objectRef<ActivityStep>('ActivityStep').implement({
  description: 'One step of a pipeline run; each step runs as a job of its own.',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'Position of the step, from 0.' }),
    name: t.exposeString('name', { description: 'Name of the step in the pipeline.' }),
    description: t.exposeString('description', { description: 'What the step does.' }),
    status: t.field({
      type: ActivityStatusEnum,
      description: 'QUEUED until it starts; CANCELED when the run ended before it finished.',
      resolve: (step) => step.status,
    }),
    attempts: t.exposeInt('attempts', { description: 'Attempts of this step started so far.' }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'The error of its last attempt, once ERROR.',
    }),
    startedAt: t.expose('startedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it first started.',
    }),
    finishedAt: t.expose('finishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it ended.',
    }),
  }),
});

export const ActivityRef = builder.objectRef<Activity>('Activity').implement({
  description: 'One background run of a task or pipeline, with its current state and its log.',
  // Every Activity, wherever it appears, must belong to the viewer's organization.
  authScopes: (activity, context) => activity.organizationId === context.viewer?.organizationId,
  fields: (t) => ({
    agentId: t.exposeID('agentId', { description: 'Unique id of the run.' }),
    agentType: t.exposeString('agentType', { description: 'Name of the task or pipeline.' }),
    status: t.field({
      type: ActivityStatusEnum,
      description: 'Current status.',
      resolve: (activity) => activity.status,
    }),
    percentage: t.exposeInt('percentage', { description: 'Progress from 0 to 100.' }),
    latestMessage: t.exposeString('latestMessage', {
      nullable: true,
      description: 'The newest log message.',
    }),
    attempts: t.exposeInt('attempts', { description: 'Attempts started so far.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was enqueued.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
    startedAt: t.expose('startedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When a worker first started it.',
    }),
    finishedAt: t.expose('finishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it reached a final status.',
    }),
    elapsedSeconds: t.float({
      nullable: true,
      description: 'Seconds from start to finish, or to now while running; null before start.',
      resolve: (activity) => elapsedSeconds(activity),
    }),
    result: t.field({
      type: 'JSON',
      nullable: true,
      description: 'What the task returned, once COMPLETE.',
      resolve: (activity) => activity.result,
    }),
    error: t.exposeString('error', {
      nullable: true,
      description: 'The error message of the last attempt, once ERROR.',
    }),
    metadata: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Metadata set at enqueue, including organization_id and user_id. Admins only.',
      authScopes: { admin: true },
      resolve: (activity) => activity.metadata,
    }),
    steps: t.field({
      type: [ActivityStepRef],
      description: 'The steps of a pipeline run, in order; empty for a task.',
      resolve: (activity, _args, context) => viewerLoaders(context).steps.load(activity.agentId),
    }),
    logs: t.field({
      type: [ActivityLogRef],
      description: 'The log, oldest first.',
      args: {
        limit: t.arg.int({
          description: 'Entries to return, at most 1000. Default: 100.',
          defaultValue: 100,
        }),
      },
      resolve: (activity, args, context) =>
        viewerLoaders(context).logs.load(`${logLimit(args.limit)}:${activity.agentId}`),
    }),
  }),
});

export const ActivityEventRef = builder.objectRef<ActivityChange>('ActivityEvent').implement({
  description: 'A change of an activity, delivered by subscriptions.',
  fields: (t) => ({
    cursor: t.string({
      description:
        'Position of this event among the organization’s changes; pass it as `after` to resume.',
      resolve: (change) => change.log.sequence,
    }),
    activity: t.field({
      type: ActivityRef,
      description: 'The activity after the change.',
      resolve: (change) => change.activity,
    }),
    log: t.field({
      type: ActivityLogRef,
      description: 'The log entry that caused the change.',
      resolve: (change) => change.log,
    }),
  }),
});

function elapsedSeconds(activity: Activity): number | null {
  if (activity.startedAt === null) {
    return null;
  }

  const end = activity.finishedAt ?? new Date();

  return Math.max(0, (end.getTime() - activity.startedAt.getTime()) / 1000);
}

function logLimit(limit: number | null | undefined): number {
  const value = limit ?? 100;
  if (value < 1 || value > 1000) {
    throw badUserInput('limit must be between 1 and 1000', { argument: 'limit' });
  }

  return value;
}
