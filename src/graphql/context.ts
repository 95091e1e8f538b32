import type { Kysely } from 'kysely';

import { bearerToken, verifyToken } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import type { Database } from '../db/database-types.js';
import { OrganizationActivities } from '../db/organization-activities.js';
import type { ActivityStreams } from '../events/activity-streams.js';
import type { TaskQueue } from '../tasks/task-queue.js';
import type { TaskSchedules } from '../tasks/task-schedules.js';
import { createActivityLoaders, type ActivityLoaders } from './activity-loaders.js';
import { toClientError, unauthenticated } from './errors.js';

/** What resolvers share across requests. */
export interface ApiServices {
  db: Kysely<Database>;
  taskQueue: TaskQueue;
  schedules: TaskSchedules;
  streams: ActivityStreams;
  jwtSecret: string;
  maxDocumentBytes: number;
}

/** Per request, and per operation on a WebSocket: scope-auth caches its checks on this object. */
export interface GraphQLContext {
  viewer: Viewer | null;
  /** The viewer's organization's activities; null without a viewer. */
  activities: OrganizationActivities | null;
  /**
   * Batched nested reads of the viewer's activities, made on first use: most operations (and
   * every idle subscription) never need them.
   */
  loaders: ActivityLoaders | null;
  services: ApiServices;
  /** Aborted when an HTTP client goes away; null over WebSocket, where graphql-ws cleans up. */
  signal: AbortSignal | null;
}

/** Builds a context from an Authorization value; a bad token fails the request. */
export async function createContext(
  services: ApiServices,
  authorization: string | null | undefined,
  signal: AbortSignal | null = null,
): Promise<GraphQLContext> {
  try {
    const token = bearerToken(authorization);
    if (token === null) {
      return { viewer: null, activities: null, loaders: null, services, signal };
    }

    const viewer = await verifyToken(services.jwtSecret, token);

    const activities = new OrganizationActivities(services.db, viewer.organizationId);

    return { viewer, activities, loaders: null, services, signal };
  } catch (error) {
    throw toClientError(error);
  }
}

/** The viewer's activities; scope-auth has already required a viewer where this is called. */
export function viewerActivities(context: GraphQLContext): OrganizationActivities {
  if (context.activities === null) {
    throw unauthenticated();
  }

  return context.activities;
}

/** The viewer's loaders; scope-auth has already required a viewer where this is called. */
export function viewerLoaders(context: GraphQLContext): ActivityLoaders {
  context.loaders ??= createActivityLoaders(viewerActivities(context));

  return context.loaders;
}

/**
 * What the schema's scopes and resolvers read of a context's viewer: its organization and
 * whether it is an admin. Contexts with the same key resolve any document alike, so a live event
 * is executed once for all of them. A scope or resolver that reads more of the viewer must add
 * it here. Null without a viewer.
 */
export function sharingKeyOf(context: GraphQLContext): string | null {
  const { viewer } = context;

  return viewer === null
    ? null
    : `${viewer.organizationId}\n${viewer.isAdmin ? 'admin' : 'member'}`;
}

/** The viewer; scope-auth has already required one where this is called. */
export function requireViewer(context: GraphQLContext): Viewer {
  if (context.viewer === null) {
    throw unauthenticated();
  }

  return context.viewer;
}
