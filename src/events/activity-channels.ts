/**
 * Names of the Redis pub/sub channels, all under the deployment's prefix. A change goes to its
 * organization's channel only: streams of one activity filter their organization's feed, which
 * is what lets a feed notice and fill a missed change.
 */
export interface ActivityTopics {
  /** Every change in one organization; id: organization id. */
  organization: string;
  /** Cancel requests for running jobs; one channel, message: agent id. */
  cancel: string;
}

export function activityTopics(prefix: string): ActivityTopics {
  return {
    organization: `${prefix}:organization`,
    cancel: `${prefix}:cancel`,
  };
}

export function channelOf(topic: string, id: string): string {
  return `${topic}:${id}`;
}
