import { graphql } from '../../src/generated/gql.js';

// Operations the tests send, typed by GraphQL Code Generator from schema.graphql.

export const EnqueueTask = graphql(`
  mutation TestEnqueueTask($input: EnqueueTaskInput!) {
    enqueueTask(input: $input) {
      agentId
      agentType
      status
      percentage
      latestMessage
    }
  }
`);

export const ProcessDocument = graphql(`
  mutation TestProcessDocument($input: ProcessDocumentInput!) {
    processDocument(input: $input) {
      agentId
      agentType
      status
    }
  }
`);

export const CancelActivity = graphql(`
  mutation TestCancelActivity($agentId: ID!) {
    cancelActivity(agentId: $agentId) {
      agentId
      status
      finishedAt
    }
  }
`);

export const ActivityDetail = graphql(`
  query TestActivityDetail($agentId: ID!) {
    activity(agentId: $agentId) {
      agentId
      agentType
      status
      percentage
      latestMessage
      attempts
      result
      error
      startedAt
      finishedAt
      elapsedSeconds
      logs {
        id
        message
        status
        percentage
      }
    }
  }
`);

export const ActivityWithMetadata = graphql(`
  query TestActivityWithMetadata($agentId: ID!) {
    activity(agentId: $agentId) {
      agentId
      status
      metadata
    }
  }
`);

export const ActivityList = graphql(`
  query TestActivityList($first: Int, $after: String, $filter: ActivityFilter) {
    activities(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          agentId
          agentType
          status
        }
      }
    }
  }
`);

export const ActivityListWithMetadata = graphql(`
  query TestActivityListWithMetadata($filter: ActivityFilter) {
    activities(first: 50, filter: $filter) {
      totalCount
      edges {
        node {
          agentId
          metadata
        }
      }
    }
  }
`);

export const ActiveCount = graphql(`
  query TestActiveCount {
    activeCount
  }
`);

export const WatchActivity = graphql(`
  subscription TestWatchActivity($agentId: ID!) {
    activityUpdated(agentId: $agentId) {
      cursor
      log {
        id
        message
        status
        percentage
      }
      activity {
        agentId
        status
        percentage
        result
      }
    }
  }
`);

export const WatchActivityWithMetadata = graphql(`
  subscription TestWatchActivityWithMetadata($agentId: ID!) {
    activityUpdated(agentId: $agentId) {
      cursor
      activity {
        agentId
        status
        metadata
      }
    }
  }
`);

export const WatchFeed = graphql(`
  subscription TestWatchFeed {
    activityFeed {
      cursor
      log {
        message
        status
      }
      activity {
        agentId
        status
      }
    }
  }
`);

export const ResumeActivity = graphql(`
  subscription TestResumeActivity($agentId: ID!, $after: String) {
    activityUpdated(agentId: $agentId, after: $after) {
      cursor
      log {
        message
      }
      activity {
        agentId
        status
        percentage
        result
      }
    }
  }
`);

export const ResumeFeed = graphql(`
  subscription TestResumeFeed($after: String) {
    activityFeed(after: $after) {
      cursor
      log {
        message
      }
      activity {
        agentId
        status
        percentage
      }
    }
  }
`);

export const EnqueueWithOptions = graphql(`
  mutation TestEnqueueWithOptions($input: EnqueueTaskInput!) {
    enqueueTask(input: $input) {
      agentId
      status
    }
  }
`);

export const ActivityCounts = graphql(`
  query TestActivityCounts {
    activityCounts {
      queued
      running
      complete
      error
      canceled
      total
    }
    activeCount
  }
`);

export const ScheduleTask = graphql(`
  mutation TestScheduleTask($input: ScheduleTaskInput!) {
    scheduleTask(input: $input) {
      id
      task
      cron
      timezone
      repeatLimit
      createdBy
      nextRunAt
    }
  }
`);

export const Schedules = graphql(`
  query TestSchedules {
    schedules {
      id
      task
      nextRunAt
    }
  }
`);

export const RemoveSchedule = graphql(`
  mutation TestRemoveSchedule($id: ID!) {
    removeSchedule(id: $id)
  }
`);

export const ActivitySteps = graphql(`
  query TestActivitySteps($agentId: ID!) {
    activity(agentId: $agentId) {
      status
      percentage
      result
      error
      steps {
        index
        name
        status
        attempts
        error
        startedAt
        finishedAt
      }
      logs(limit: 1000) {
        message
      }
    }
  }
`);

export const ActivityListWithLogs = graphql(`
  query TestActivityListWithLogs($limit: Int) {
    activities(first: 50) {
      edges {
        node {
          agentId
          steps {
            name
          }
          logs(limit: $limit) {
            id
            message
          }
        }
      }
    }
  }
`);
