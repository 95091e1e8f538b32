/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ActivityFields on Activity {\n    agentId\n    agentType\n    status\n    percentage\n    latestMessage\n    createdAt\n    startedAt\n    finishedAt\n    elapsedSeconds\n    error\n  }\n": typeof types.ActivityFieldsFragmentDoc,
    "\n  mutation ProcessDocument($input: ProcessDocumentInput!) {\n    processDocument(input: $input) {\n      ...ActivityFields\n    }\n  }\n": typeof types.ProcessDocumentDocument,
    "\n  subscription ActivityUpdated($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      log {\n        message\n        percentage\n        status\n      }\n      activity {\n        ...ActivityFields\n        result\n      }\n    }\n  }\n": typeof types.ActivityUpdatedDocument,
    "\n  query Activities($first: Int, $after: String, $filter: ActivityFilter) {\n    activities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ActivityFields\n        }\n      }\n    }\n    activeCount\n  }\n": typeof types.ActivitiesDocument,
    "\n  query Activity($agentId: ID!) {\n    activity(agentId: $agentId) {\n      ...ActivityFields\n      result\n    }\n  }\n": typeof types.ActivityDocument,
    "\n  query ActivityMetadata($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      metadata\n    }\n  }\n": typeof types.ActivityMetadataDocument,
    "\n  mutation TestEnqueueTask($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      agentId\n      agentType\n      status\n      percentage\n      latestMessage\n    }\n  }\n": typeof types.TestEnqueueTaskDocument,
    "\n  mutation TestProcessDocument($input: ProcessDocumentInput!) {\n    processDocument(input: $input) {\n      agentId\n      agentType\n      status\n    }\n  }\n": typeof types.TestProcessDocumentDocument,
    "\n  mutation TestCancelActivity($agentId: ID!) {\n    cancelActivity(agentId: $agentId) {\n      agentId\n      status\n      finishedAt\n    }\n  }\n": typeof types.TestCancelActivityDocument,
    "\n  query TestActivityDetail($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      agentType\n      status\n      percentage\n      latestMessage\n      attempts\n      result\n      error\n      startedAt\n      finishedAt\n      elapsedSeconds\n      logs {\n        id\n        message\n        status\n        percentage\n      }\n    }\n  }\n": typeof types.TestActivityDetailDocument,
    "\n  query TestActivityWithMetadata($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      status\n      metadata\n    }\n  }\n": typeof types.TestActivityWithMetadataDocument,
    "\n  query TestActivityList($first: Int, $after: String, $filter: ActivityFilter) {\n    activities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          agentId\n          agentType\n          status\n        }\n      }\n    }\n  }\n": typeof types.TestActivityListDocument,
    "\n  query TestActivityListWithMetadata($filter: ActivityFilter) {\n    activities(first: 50, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          agentId\n          metadata\n        }\n      }\n    }\n  }\n": typeof types.TestActivityListWithMetadataDocument,
    "\n  query TestActiveCount {\n    activeCount\n  }\n": typeof types.TestActiveCountDocument,
    "\n  subscription TestWatchActivity($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      log {\n        id\n        message\n        status\n        percentage\n      }\n      activity {\n        agentId\n        status\n        percentage\n        result\n      }\n    }\n  }\n": typeof types.TestWatchActivityDocument,
    "\n  subscription TestWatchActivityWithMetadata($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      activity {\n        agentId\n        status\n        metadata\n      }\n    }\n  }\n": typeof types.TestWatchActivityWithMetadataDocument,
    "\n  subscription TestWatchFeed {\n    activityFeed {\n      cursor\n      log {\n        message\n        status\n      }\n      activity {\n        agentId\n        status\n      }\n    }\n  }\n": typeof types.TestWatchFeedDocument,
    "\n  subscription TestResumeActivity($agentId: ID!, $after: String) {\n    activityUpdated(agentId: $agentId, after: $after) {\n      cursor\n      log {\n        message\n      }\n      activity {\n        agentId\n        status\n        percentage\n        result\n      }\n    }\n  }\n": typeof types.TestResumeActivityDocument,
    "\n  subscription TestResumeFeed($after: String) {\n    activityFeed(after: $after) {\n      cursor\n      log {\n        message\n      }\n      activity {\n        agentId\n        status\n        percentage\n      }\n    }\n  }\n": typeof types.TestResumeFeedDocument,
    "\n  mutation TestEnqueueWithOptions($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      agentId\n      status\n    }\n  }\n": typeof types.TestEnqueueWithOptionsDocument,
    "\n  query TestActivityCounts {\n    activityCounts {\n      queued\n      running\n      complete\n      error\n      canceled\n      total\n    }\n    activeCount\n  }\n": typeof types.TestActivityCountsDocument,
    "\n  mutation TestScheduleTask($input: ScheduleTaskInput!) {\n    scheduleTask(input: $input) {\n      id\n      task\n      cron\n      timezone\n      repeatLimit\n      createdBy\n      nextRunAt\n    }\n  }\n": typeof types.TestScheduleTaskDocument,
    "\n  query TestSchedules {\n    schedules {\n      id\n      task\n      nextRunAt\n    }\n  }\n": typeof types.TestSchedulesDocument,
    "\n  mutation TestRemoveSchedule($id: ID!) {\n    removeSchedule(id: $id)\n  }\n": typeof types.TestRemoveScheduleDocument,
    "\n  query TestActivitySteps($agentId: ID!) {\n    activity(agentId: $agentId) {\n      status\n      percentage\n      result\n      error\n      steps {\n        index\n        name\n        status\n        attempts\n        error\n        startedAt\n        finishedAt\n      }\n      logs(limit: 1000) {\n        message\n      }\n    }\n  }\n": typeof types.TestActivityStepsDocument,
    "\n  query TestActivityListWithLogs($limit: Int) {\n    activities(first: 50) {\n      edges {\n        node {\n          agentId\n          steps {\n            name\n          }\n          logs(limit: $limit) {\n            id\n            message\n          }\n        }\n      }\n    }\n  }\n": typeof types.TestActivityListWithLogsDocument,
};
const documents: Documents = {
    "\n  fragment ActivityFields on Activity {\n    agentId\n    agentType\n    status\n    percentage\n    latestMessage\n    createdAt\n    startedAt\n    finishedAt\n    elapsedSeconds\n    error\n  }\n": types.ActivityFieldsFragmentDoc,
    "\n  mutation ProcessDocument($input: ProcessDocumentInput!) {\n    processDocument(input: $input) {\n      ...ActivityFields\n    }\n  }\n": types.ProcessDocumentDocument,
    "\n  subscription ActivityUpdated($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      log {\n        message\n        percentage\n        status\n      }\n      activity {\n        ...ActivityFields\n        result\n      }\n    }\n  }\n": types.ActivityUpdatedDocument,
    "\n  query Activities($first: Int, $after: String, $filter: ActivityFilter) {\n    activities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ActivityFields\n        }\n      }\n    }\n    activeCount\n  }\n": types.ActivitiesDocument,
    "\n  query Activity($agentId: ID!) {\n    activity(agentId: $agentId) {\n      ...ActivityFields\n      result\n    }\n  }\n": types.ActivityDocument,
    "\n  query ActivityMetadata($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      metadata\n    }\n  }\n": types.ActivityMetadataDocument,
    "\n  mutation TestEnqueueTask($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      agentId\n      agentType\n      status\n      percentage\n      latestMessage\n    }\n  }\n": types.TestEnqueueTaskDocument,
    "\n  mutation TestProcessDocument($input: ProcessDocumentInput!) {\n    processDocument(input: $input) {\n      agentId\n      agentType\n      status\n    }\n  }\n": types.TestProcessDocumentDocument,
    "\n  mutation TestCancelActivity($agentId: ID!) {\n    cancelActivity(agentId: $agentId) {\n      agentId\n      status\n      finishedAt\n    }\n  }\n": types.TestCancelActivityDocument,
    "\n  query TestActivityDetail($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      agentType\n      status\n      percentage\n      latestMessage\n      attempts\n      result\n      error\n      startedAt\n      finishedAt\n      elapsedSeconds\n      logs {\n        id\n        message\n        status\n        percentage\n      }\n    }\n  }\n": types.TestActivityDetailDocument,
    "\n  query TestActivityWithMetadata($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      status\n      metadata\n    }\n  }\n": types.TestActivityWithMetadataDocument,
    "\n  query TestActivityList($first: Int, $after: String, $filter: ActivityFilter) {\n    activities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          agentId\n          agentType\n          status\n        }\n      }\n    }\n  }\n": types.TestActivityListDocument,
    "\n  query TestActivityListWithMetadata($filter: ActivityFilter) {\n    activities(first: 50, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          agentId\n          metadata\n        }\n      }\n    }\n  }\n": types.TestActivityListWithMetadataDocument,
    "\n  query TestActiveCount {\n    activeCount\n  }\n": types.TestActiveCountDocument,
    "\n  subscription TestWatchActivity($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      log {\n        id\n        message\n        status\n        percentage\n      }\n      activity {\n        agentId\n        status\n        percentage\n        result\n      }\n    }\n  }\n": types.TestWatchActivityDocument,
    "\n  subscription TestWatchActivityWithMetadata($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      activity {\n        agentId\n        status\n        metadata\n      }\n    }\n  }\n": types.TestWatchActivityWithMetadataDocument,
    "\n  subscription TestWatchFeed {\n    activityFeed {\n      cursor\n      log {\n        message\n        status\n      }\n      activity {\n        agentId\n        status\n      }\n    }\n  }\n": types.TestWatchFeedDocument,
    "\n  subscription TestResumeActivity($agentId: ID!, $after: String) {\n    activityUpdated(agentId: $agentId, after: $after) {\n      cursor\n      log {\n        message\n      }\n      activity {\n        agentId\n        status\n        percentage\n        result\n      }\n    }\n  }\n": types.TestResumeActivityDocument,
    "\n  subscription TestResumeFeed($after: String) {\n    activityFeed(after: $after) {\n      cursor\n      log {\n        message\n      }\n      activity {\n        agentId\n        status\n        percentage\n      }\n    }\n  }\n": types.TestResumeFeedDocument,
    "\n  mutation TestEnqueueWithOptions($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      agentId\n      status\n    }\n  }\n": types.TestEnqueueWithOptionsDocument,
    "\n  query TestActivityCounts {\n    activityCounts {\n      queued\n      running\n      complete\n      error\n      canceled\n      total\n    }\n    activeCount\n  }\n": types.TestActivityCountsDocument,
    "\n  mutation TestScheduleTask($input: ScheduleTaskInput!) {\n    scheduleTask(input: $input) {\n      id\n      task\n      cron\n      timezone\n      repeatLimit\n      createdBy\n      nextRunAt\n    }\n  }\n": types.TestScheduleTaskDocument,
    "\n  query TestSchedules {\n    schedules {\n      id\n      task\n      nextRunAt\n    }\n  }\n": types.TestSchedulesDocument,
    "\n  mutation TestRemoveSchedule($id: ID!) {\n    removeSchedule(id: $id)\n  }\n": types.TestRemoveScheduleDocument,
    "\n  query TestActivitySteps($agentId: ID!) {\n    activity(agentId: $agentId) {\n      status\n      percentage\n      result\n      error\n      steps {\n        index\n        name\n        status\n        attempts\n        error\n        startedAt\n        finishedAt\n      }\n      logs(limit: 1000) {\n        message\n      }\n    }\n  }\n": types.TestActivityStepsDocument,
    "\n  query TestActivityListWithLogs($limit: Int) {\n    activities(first: 50) {\n      edges {\n        node {\n          agentId\n          steps {\n            name\n          }\n          logs(limit: $limit) {\n            id\n            message\n          }\n        }\n      }\n    }\n  }\n": types.TestActivityListWithLogsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ActivityFields on Activity {\n    agentId\n    agentType\n    status\n    percentage\n    latestMessage\n    createdAt\n    startedAt\n    finishedAt\n    elapsedSeconds\n    error\n  }\n"): (typeof documents)["\n  fragment ActivityFields on Activity {\n    agentId\n    agentType\n    status\n    percentage\n    latestMessage\n    createdAt\n    startedAt\n    finishedAt\n    elapsedSeconds\n    error\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProcessDocument($input: ProcessDocumentInput!) {\n    processDocument(input: $input) {\n      ...ActivityFields\n    }\n  }\n"): (typeof documents)["\n  mutation ProcessDocument($input: ProcessDocumentInput!) {\n    processDocument(input: $input) {\n      ...ActivityFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ActivityUpdated($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      log {\n        message\n        percentage\n        status\n      }\n      activity {\n        ...ActivityFields\n        result\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription ActivityUpdated($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      log {\n        message\n        percentage\n        status\n      }\n      activity {\n        ...ActivityFields\n        result\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Activities($first: Int, $after: String, $filter: ActivityFilter) {\n    activities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ActivityFields\n        }\n      }\n    }\n    activeCount\n  }\n"): (typeof documents)["\n  query Activities($first: Int, $after: String, $filter: ActivityFilter) {\n    activities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          ...ActivityFields\n        }\n      }\n    }\n    activeCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Activity($agentId: ID!) {\n    activity(agentId: $agentId) {\n      ...ActivityFields\n      result\n    }\n  }\n"): (typeof documents)["\n  query Activity($agentId: ID!) {\n    activity(agentId: $agentId) {\n      ...ActivityFields\n      result\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ActivityMetadata($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      metadata\n    }\n  }\n"): (typeof documents)["\n  query ActivityMetadata($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      metadata\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestEnqueueTask($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      agentId\n      agentType\n      status\n      percentage\n      latestMessage\n    }\n  }\n"): (typeof documents)["\n  mutation TestEnqueueTask($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      agentId\n      agentType\n      status\n      percentage\n      latestMessage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestProcessDocument($input: ProcessDocumentInput!) {\n    processDocument(input: $input) {\n      agentId\n      agentType\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation TestProcessDocument($input: ProcessDocumentInput!) {\n    processDocument(input: $input) {\n      agentId\n      agentType\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestCancelActivity($agentId: ID!) {\n    cancelActivity(agentId: $agentId) {\n      agentId\n      status\n      finishedAt\n    }\n  }\n"): (typeof documents)["\n  mutation TestCancelActivity($agentId: ID!) {\n    cancelActivity(agentId: $agentId) {\n      agentId\n      status\n      finishedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestActivityDetail($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      agentType\n      status\n      percentage\n      latestMessage\n      attempts\n      result\n      error\n      startedAt\n      finishedAt\n      elapsedSeconds\n      logs {\n        id\n        message\n        status\n        percentage\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestActivityDetail($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      agentType\n      status\n      percentage\n      latestMessage\n      attempts\n      result\n      error\n      startedAt\n      finishedAt\n      elapsedSeconds\n      logs {\n        id\n        message\n        status\n        percentage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestActivityWithMetadata($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      status\n      metadata\n    }\n  }\n"): (typeof documents)["\n  query TestActivityWithMetadata($agentId: ID!) {\n    activity(agentId: $agentId) {\n      agentId\n      status\n      metadata\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestActivityList($first: Int, $after: String, $filter: ActivityFilter) {\n    activities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          agentId\n          agentType\n          status\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestActivityList($first: Int, $after: String, $filter: ActivityFilter) {\n    activities(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          agentId\n          agentType\n          status\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestActivityListWithMetadata($filter: ActivityFilter) {\n    activities(first: 50, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          agentId\n          metadata\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestActivityListWithMetadata($filter: ActivityFilter) {\n    activities(first: 50, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          agentId\n          metadata\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestActiveCount {\n    activeCount\n  }\n"): (typeof documents)["\n  query TestActiveCount {\n    activeCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TestWatchActivity($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      log {\n        id\n        message\n        status\n        percentage\n      }\n      activity {\n        agentId\n        status\n        percentage\n        result\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TestWatchActivity($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      log {\n        id\n        message\n        status\n        percentage\n      }\n      activity {\n        agentId\n        status\n        percentage\n        result\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TestWatchActivityWithMetadata($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      activity {\n        agentId\n        status\n        metadata\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TestWatchActivityWithMetadata($agentId: ID!) {\n    activityUpdated(agentId: $agentId) {\n      cursor\n      activity {\n        agentId\n        status\n        metadata\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TestWatchFeed {\n    activityFeed {\n      cursor\n      log {\n        message\n        status\n      }\n      activity {\n        agentId\n        status\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TestWatchFeed {\n    activityFeed {\n      cursor\n      log {\n        message\n        status\n      }\n      activity {\n        agentId\n        status\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TestResumeActivity($agentId: ID!, $after: String) {\n    activityUpdated(agentId: $agentId, after: $after) {\n      cursor\n      log {\n        message\n      }\n      activity {\n        agentId\n        status\n        percentage\n        result\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TestResumeActivity($agentId: ID!, $after: String) {\n    activityUpdated(agentId: $agentId, after: $after) {\n      cursor\n      log {\n        message\n      }\n      activity {\n        agentId\n        status\n        percentage\n        result\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TestResumeFeed($after: String) {\n    activityFeed(after: $after) {\n      cursor\n      log {\n        message\n      }\n      activity {\n        agentId\n        status\n        percentage\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription TestResumeFeed($after: String) {\n    activityFeed(after: $after) {\n      cursor\n      log {\n        message\n      }\n      activity {\n        agentId\n        status\n        percentage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestEnqueueWithOptions($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      agentId\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation TestEnqueueWithOptions($input: EnqueueTaskInput!) {\n    enqueueTask(input: $input) {\n      agentId\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestActivityCounts {\n    activityCounts {\n      queued\n      running\n      complete\n      error\n      canceled\n      total\n    }\n    activeCount\n  }\n"): (typeof documents)["\n  query TestActivityCounts {\n    activityCounts {\n      queued\n      running\n      complete\n      error\n      canceled\n      total\n    }\n    activeCount\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestScheduleTask($input: ScheduleTaskInput!) {\n    scheduleTask(input: $input) {\n      id\n      task\n      cron\n      timezone\n      repeatLimit\n      createdBy\n      nextRunAt\n    }\n  }\n"): (typeof documents)["\n  mutation TestScheduleTask($input: ScheduleTaskInput!) {\n    scheduleTask(input: $input) {\n      id\n      task\n      cron\n      timezone\n      repeatLimit\n      createdBy\n      nextRunAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestSchedules {\n    schedules {\n      id\n      task\n      nextRunAt\n    }\n  }\n"): (typeof documents)["\n  query TestSchedules {\n    schedules {\n      id\n      task\n      nextRunAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation TestRemoveSchedule($id: ID!) {\n    removeSchedule(id: $id)\n  }\n"): (typeof documents)["\n  mutation TestRemoveSchedule($id: ID!) {\n    removeSchedule(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestActivitySteps($agentId: ID!) {\n    activity(agentId: $agentId) {\n      status\n      percentage\n      result\n      error\n      steps {\n        index\n        name\n        status\n        attempts\n        error\n        startedAt\n        finishedAt\n      }\n      logs(limit: 1000) {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestActivitySteps($agentId: ID!) {\n    activity(agentId: $agentId) {\n      status\n      percentage\n      result\n      error\n      steps {\n        index\n        name\n        status\n        attempts\n        error\n        startedAt\n        finishedAt\n      }\n      logs(limit: 1000) {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TestActivityListWithLogs($limit: Int) {\n    activities(first: 50) {\n      edges {\n        node {\n          agentId\n          steps {\n            name\n          }\n          logs(limit: $limit) {\n            id\n            message\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TestActivityListWithLogs($limit: Int) {\n    activities(first: 50) {\n      edges {\n        node {\n          agentId\n          steps {\n            name\n          }\n          logs(limit: $limit) {\n            id\n            message\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;