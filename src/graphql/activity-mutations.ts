import type { Metadata } from '../db/database-types.js';
import { PROCESS_DOCUMENT } from '../tasks/documents/process-document.js';
import { TASK_PRIORITIES, type TaskPriority } from '../tasks/task-job.js';
import { ActivityRef } from './activity-types.js';
import { builder } from './builder.js';
import { requireViewer, viewerActivities, type GraphQLContext } from './context.js';
import { badUserInput, notFound, withClientErrors } from './errors.js';

const PRIORITY_DESCRIPTIONS: Record<TaskPriority, string> = {
  HIGH: 'Runs before NORMAL and LOW work that waits.',
  NORMAL: 'The default.',
  LOW: 'Runs when no HIGH or NORMAL work waits.',
};

const IDEMPOTENCY_DESCRIPTION =
  'A key of your choosing, 1 to 200 characters. While the run it started is remembered ' +
  '(IDEMPOTENCY_TTL_SECONDS, a day by default), the same key in your organization returns that ' +
  'run instead of starting another.';

const TaskPriorityEnum = builder.enumType('TaskPriority', {
  description: 'Order in which waiting work is started.',
  values: Object.fromEntries(
    Object.keys(TASK_PRIORITIES).map((name) => [
      name,
      { description: PRIORITY_DESCRIPTIONS[name as TaskPriority] },
    ]),
  ) as Record<TaskPriority, { description: string }>,
});

const ProcessDocumentInput = builder.inputType('ProcessDocumentInput', {
  description: 'A text or Markdown document for the process_document pipeline.',
  fields: (t) => ({
    fileId: t.id({ required: true, description: 'The client’s id of the file.' }),
    filename: t.string({
      required: true,
      description: 'File name; its extension (.md, .markdown, .txt) picks the parser.',
    }),
    content: t.string({ required: true, description: 'The document text, UTF-8.' }),
    priority: t.field({ type: TaskPriorityEnum, required: false, description: 'Default: NORMAL.' }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_DESCRIPTION }),
  }),
});

const EnqueueTaskInput = builder.inputType('EnqueueTaskInput', {
  description: 'Starts any registered task or pipeline.',
  fields: (t) => ({
    task: t.string({ required: true, description: 'Name of the task or pipeline.' }),
    context: t.field({
      type: 'JSON',
      required: true,
      description: 'The task’s input, validated against its schema.',
    }),
    priority: t.field({ type: TaskPriorityEnum, required: false, description: 'Default: NORMAL.' }),
    metadata: t.field({
      type: 'JSON',
      required: false,
      description: 'Extra metadata keys. organization_id and user_id come from the token.',
    }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_DESCRIPTION }),
  }),
});

builder.mutationType({
  description: 'Starting and canceling work in the viewer’s organization.',
  authScopes: { viewer: true },
  fields: (t) => ({
    processDocument: t.field({
      type: ActivityRef,
      description: 'Enqueues the process_document pipeline: extract, analyze, summarize.',
      args: {
        input: t.arg({ type: ProcessDocumentInput, required: true, description: 'The file.' }),
      },
      resolve: (_root, { input }, context) => {
        const bytes = Buffer.byteLength(input.content);
        const limit = context.services.maxDocumentBytes;
        if (bytes > limit) {
          throw badUserInput(`content is ${bytes} bytes; at most ${limit} are accepted`, {
            argument: 'input.content',
            maxBytes: limit,
          });
        }

        const document = {
          fileId: String(input.fileId),
          filename: input.filename,
          content: input.content,
        };

        return enqueue(context, PROCESS_DOCUMENT, document, {
          priority: input.priority ?? undefined,
        });
      },
    }),
    enqueueTask: t.field({
      type: ActivityRef,
      description: 'Enqueues a registered task or pipeline with its input.',
      args: { input: t.arg({ type: EnqueueTaskInput, required: true, description: 'The run.' }) },
      resolve: (_root, { input }, context) =>
        enqueue(context, input.task, input.context, {
          priority: input.priority ?? undefined,
          metadata: extraMetadata(input.metadata),
          idempotencyKey: input.idempotencyKey ?? undefined,
        }),
    }),
    cancelActivity: t.field({
      type: ActivityRef,
      nullable: true,
      description: 'Cancels a queued or running activity; a finished one is returned unchanged.',
      args: { agentId: t.arg.id({ required: true, description: 'The activity’s agent id.' }) },
      resolve: async (_root, args, context) => {
        const activity = await context.services.taskQueue.cancel(
          viewerActivities(context),
          String(args.agentId),
        );
        if (activity === null) {
          throw notFound('Activity');
        }

        return activity;
      },
    }),
  }),
});

function enqueue(
  context: GraphQLContext,
  task: string,
  input: unknown,
  options: { priority?: TaskPriority; metadata?: Metadata; idempotencyKey?: string },
) {
  const viewer = requireViewer(context);
  const enqueuer = { organizationId: viewer.organizationId, userId: viewer.userId };

  return withClientErrors(() =>
    context.services.taskQueue.enqueue(enqueuer, { task, input, ...options }),
  );
}

function extraMetadata(value: unknown): Metadata | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badUserInput('metadata must be a JSON object', { argument: 'input.metadata' });
  }

  return value as Metadata;
}
