import { graphql } from '../generated/gql.js';

// The operations the demo sends, typed by GraphQL Code Generator from schema.graphql.

export const ActivityFieldsFragment = graphql(`
  fragment ActivityFields on Activity {
    agentId
    agentType
    status
    percentage
    latestMessage
    createdAt
    startedAt
    finishedAt
    elapsedSeconds
    error
  }
`);

export const ProcessDocumentMutation = graphql(`
  mutation ProcessDocument($input: ProcessDocumentInput!) {
    processDocument(input: $input) {
      ...ActivityFields
    }
  }
`);

export const ActivityUpdatedSubscription = graphql(`
  subscription ActivityUpdated($agentId: ID!) {
    activityUpdated(agentId: $agentId) {
      cursor
      log {
        message
        percentage
        status
      }
      activity {
        ...ActivityFields
        result
      }
    }
  }
`);

export const ActivitiesQuery = graphql(`
  query Activities($first: Int, $after: String, $filter: ActivityFilter) {
    activities(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...ActivityFields
        }
      }
    }
    activeCount
  }
`);

export const ActivityQuery = graphql(`
  query Activity($agentId: ID!) {
    activity(agentId: $agentId) {
      ...ActivityFields
      result
    }
  }
`);

export const ActivityMetadataQuery = graphql(`
  query ActivityMetadata($agentId: ID!) {
    activity(agentId: $agentId) {
      agentId
      metadata
    }
  }
`);
