import DataLoader from 'dataloader';

import type { ActivityLogEntry, ActivityStep } from '../db/activity-record.js';
import type { OrganizationActivities } from '../db/organization-activities.js';

/** Batches the nested reads of a page of activities into one query per field. */
export interface ActivityLoaders {
  /** Keyed by `limit:agentId`. */
  logs: DataLoader<string, ActivityLogEntry[]>;
  steps: DataLoader<string, ActivityStep[]>;
}

/**
 * Loaders for one context. They batch but do not cache: a subscription keeps its context for
 * every event, and each event must read the log as it is then.
 */
export function createActivityLoaders(activities: OrganizationActivities): ActivityLoaders {
  return {
    logs: new DataLoader(
      async (keys) => {
        const byLimit = new Map<number, string[]>();
        for (const key of keys) {
          const [limit, agentId] = splitKey(key);
          byLimit.set(limit, [...(byLimit.get(limit) ?? []), agentId]);
        }

        const results = new Map<string, ActivityLogEntry[]>();
        for (const [limit, agentIds] of byLimit) {
          for (const [agentId, logs] of await activities.logsOf(agentIds, limit)) {
            results.set(`${limit}:${agentId}`, logs);
          }
        }

        return keys.map((key) => results.get(key) ?? []);
      },
      { cache: false },
    ),
    steps: new DataLoader(
      async (agentIds) => {
        const steps = await activities.stepsOf(agentIds);

        return agentIds.map((agentId) => steps.get(agentId) ?? []);
      },
      { cache: false },
    ),
  };
}

function splitKey(key: string): [number, string] {
  const separator = key.indexOf(':');

  return [Number(key.slice(0, separator)), key.slice(separator + 1)];
}
