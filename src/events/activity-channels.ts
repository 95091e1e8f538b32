/**
 * Names of the Redis pub/sub channels, all under the deployment's prefix. Topics follow
 * graphql-yoga's pub/sub convention, where a channel is `${topic}:${id}`.
 */
export interface ActivityTopics {
  /** Changes of one activity; id: agent id. */
  activity: string;
  /** Every change in one organization; id: organization id. */
  organization: string;
  /** Cancel requests for running jobs; one channel, message: agent id. */
  cancel: string;
}

export function activityTopics(prefix: string): ActivityTopics {
  return {
    activity: `${prefix}:activity`,
    organization: `${prefix}:organization`,
    cancel: `${prefix}:cancel`,
  };
}

export function channelOf(topic: string, id: string): string {
  return `${topic}:${id}`;
}
