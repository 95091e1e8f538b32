import type { ScheduleWithNextRun } from '../tasks/task-schedules.js';
import { builder } from './builder.js';
import { requireViewer } from './context.js';
import { notFound, withClientErrors } from './errors.js';

const ScheduleRef = builder.objectRef<ScheduleWithNextRun>('Schedule').implement({
  description: 'A recurring run of a task in the viewer’s organization.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Unique id of the schedule.' }),
    task: t.exposeString('task', { description: 'Name of the task or pipeline it runs.' }),
    context: t.field({
      type: 'JSON',
      description: 'The input each run gets.',
      resolve: (schedule) => schedule.input,
    }),
    cron: t.exposeString('cron', { description: 'Cron pattern; six fields when seconds lead.' }),
    timezone: t.exposeString('timezone', { description: 'IANA time zone of the pattern.' }),
    repeatLimit: t.exposeInt('repeatLimit', {
      nullable: true,
      description: 'Runs in total before it stops; null: no limit.',
    }),
    createdBy: t.exposeString('createdBy', { description: 'User id of its creator.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    nextRunAt: t.expose('nextRunAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it runs next; null once its repeat limit is reached.',
    }),
  }),
});

const ScheduleTaskInput = builder.inputType('ScheduleTaskInput', {
  description: 'A task to run on a cron schedule.',
  fields: (t) => ({
    task: t.string({ required: true, description: 'Name of the task or pipeline.' }),
    context: t.field({
      type: 'JSON',
      required: true,
      description: 'The input of every run, validated against the task’s schema now.',
    }),
    cron: t.string({
      required: true,
      description:
        'Cron pattern, e.g. "0 9 * * 1-5"; six fields when seconds lead. Runs may come no ' +
        'closer together than the server allows, a minute by default.',
    }),
    timezone: t.string({ required: false, description: 'IANA time zone. Default: UTC.' }),
    repeatLimit: t.int({ required: false, description: 'Runs in total. Default: no limit.' }),
  }),
});

builder.queryField('schedules', (t) =>
  t.field({
    type: [ScheduleRef],
    description: 'The organization’s schedules, oldest first.',
    authScopes: { viewer: true },
    resolve: (_root, _args, context) =>
      context.services.schedules.list(requireViewer(context).organizationId),
  }),
);

builder.mutationField('scheduleTask', (t) =>
  t.field({
    type: ScheduleRef,
    description: 'Creates a schedule; each run is an activity of the organization.',
    authScopes: { viewer: true },
    args: {
      input: t.arg({ type: ScheduleTaskInput, required: true, description: 'The schedule.' }),
    },
    resolve: async (_root, { input }, context) => {
      const viewer = requireViewer(context);
      const enqueuer = { organizationId: viewer.organizationId, userId: viewer.userId };
      const schedule = await withClientErrors(() =>
        context.services.schedules.create(enqueuer, {
          task: input.task,
          input: input.context,
          cron: input.cron,
          timezone: input.timezone ?? undefined,
          repeatLimit: input.repeatLimit ?? null,
        }),
      );
      const created = await context.services.schedules.get(viewer.organizationId, schedule.id);

      return created ?? { ...schedule, nextRunAt: null };
    },
  }),
);

builder.mutationField('removeSchedule', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Stops and removes one of the organization’s schedules.',
    authScopes: { viewer: true },
    args: { id: t.arg.id({ required: true, description: 'The schedule’s id.' }) },
    resolve: async (_root, args, context) => {
      const organizationId = requireViewer(context).organizationId;
      if (!(await context.services.schedules.remove(organizationId, String(args.id)))) {
        throw notFound('Schedule');
      }

      return true;
    },
  }),
);
