/**
 * zod schemas for the Genesys Cloud requests and responses this product uses, written from
 * lib/genesys/openapi-subset.json (the definitions named in each comment; each names its own
 * source, the official SDKs' models, under `x-source`).
 *
 * Requests are strict: the real API answers `400` for unknown fields, metrics and dimensions,
 * and the simulator validates with these same schemas. Responses are loose: Genesys adds fields
 * over time, so unknown ones pass through while the fields we read are checked.
 */
import { z } from "zod";
import {
  AGGREGATE_GROUP_BY_DIMENSIONS,
  AGGREGATE_METRICS,
  AGGREGATE_PREDICATE_DIMENSIONS,
  ASYNC_QUERY_STATES,
  CONVERSATION_PREDICATE_DIMENSIONS,
  CONVERSATION_PREDICATE_METRICS,
  DISCONNECT_TYPES,
  MEDIA_TYPES,
  PARTICIPANT_PURPOSES,
  SEGMENT_PREDICATE_DIMENSIONS,
  SEGMENT_PREDICATE_METRICS,
  SEGMENT_TYPES,
} from "./enums";

export const aggregateMetric = z.enum(AGGREGATE_METRICS);
export type AggregateMetric = z.infer<typeof aggregateMetric>;
export const aggregateDimension = z.enum(AGGREGATE_GROUP_BY_DIMENSIONS);
export const mediaType = z.enum(MEDIA_TYPES);
export type MediaType = z.infer<typeof mediaType>;

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** NumericRange */
export const numericRange = z.strictObject({
  gt: z.number().optional(),
  gte: z.number().optional(),
  lt: z.number().optional(),
  lte: z.number().optional(),
});

const filterType = z.enum(["and", "or"]);

/**
 * Array caps (`.max()`) on the requests the simulator validates with these schemas, which it
 * evaluates per conversation: generous for real queries, bounded for a hostile one. Genesys's own
 * caps are not public except the queue observations' 200 predicates (lib/sim/README.md).
 */
export const FILTER_CLAUSES_MAX = 50;
/** Predicates in one clause, and directly in one filter. */
export const FILTER_PREDICATES_MAX = 500;
/** Filters in one details query or job (`conversationFilters`, `segmentFilters`, …). */
export const QUERY_FILTERS_MAX = 50;
export const GROUP_BY_MAX = 20;
export const METRICS_MAX = 100;
const predicateOperator = z.enum(["matches", "exists", "notExists"]);
const predicateType = z.enum(["dimension", "property", "metric"]);

// ---------------------------------------------------------------------------------------------
// POST /api/v2/analytics/conversations/aggregates/query

/** ConversationAggregateQueryPredicate */
export const aggregatePredicate = z.strictObject({
  type: predicateType.optional(),
  dimension: z.enum(AGGREGATE_PREDICATE_DIMENSIONS).optional(),
  operator: predicateOperator.optional(),
  value: z.string().optional(),
  range: numericRange.optional(),
});
/** ConversationAggregateQueryClause */
export const aggregateClause = z.strictObject({
  type: filterType,
  predicates: z.array(aggregatePredicate).max(FILTER_PREDICATES_MAX),
});
/** ConversationAggregateQueryFilter */
export const aggregateFilter = z.strictObject({
  type: filterType,
  clauses: z.array(aggregateClause).max(FILTER_CLAUSES_MAX).optional(),
  predicates: z.array(aggregatePredicate).max(FILTER_PREDICATES_MAX).optional(),
});
export type AggregateFilter = z.infer<typeof aggregateFilter>;

/** ConversationAggregationView */
export const aggregationView = z.strictObject({
  target: aggregateMetric,
  name: z.string(),
  function: z.enum(["rangeBound"]),
  range: z.strictObject({ gte: z.number().optional(), lt: z.number().optional() }).optional(),
});

/** ConversationAggregationQuery */
export const conversationAggregationQuery = z.strictObject({
  interval: z.string(),
  granularity: z.string().optional(),
  timeZone: z.string().optional(),
  groupBy: z.array(aggregateDimension).max(GROUP_BY_MAX).optional(),
  filter: aggregateFilter.optional(),
  metrics: z.array(aggregateMetric).max(METRICS_MAX),
  flattenMultivaluedDimensions: z.boolean().optional(),
  views: z.array(aggregationView).max(METRICS_MAX).optional(),
  alternateTimeDimension: z.enum(["eventTime"]).optional(),
  queryType: z.enum(["bottomN", "groupBy", "topN"]).optional(),
  sortMetric: z.strictObject({ name: aggregateMetric, function: z.enum(["average", "count", "max", "min", "sum"]) }).optional(),
  limit: z.number().int().optional(),
});
export type ConversationAggregationQuery = z.infer<typeof conversationAggregationQuery>;

/** StatisticalSummary: every field optional; durations in milliseconds. */
export const statisticalSummary = z.looseObject({
  max: z.number().optional(),
  min: z.number().optional(),
  count: z.number().optional(),
  countNegative: z.number().optional(),
  countPositive: z.number().optional(),
  sum: z.number().optional(),
  current: z.number().optional(),
  ratio: z.number().optional(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  target: z.number().optional(),
  p95: z.number().optional(),
  p99: z.number().optional(),
  calculatedMetricValue: z.number().optional(),
});
export type StatisticalSummary = z.infer<typeof statisticalSummary>;

/** AggregateMetricData. `metric` is a string, not the enum: a newer API may answer newer names. */
export const aggregateMetricData = z.looseObject({
  metric: z.string(),
  qualifier: z.string().optional(),
  stats: statisticalSummary,
});

/** StatisticalResponse */
export const statisticalResponse = z.looseObject({
  interval: z.string(),
  metrics: z.array(aggregateMetricData).optional(),
  views: z.array(z.looseObject({ name: z.string(), stats: statisticalSummary })).optional(),
});

/** ConversationAggregateDataContainer */
export const aggregateDataContainer = z.looseObject({
  group: z.record(z.string(), z.string()).optional(),
  data: z.array(statisticalResponse).optional(),
});

/** ConversationAggregateQueryResponse: `results` is absent when nothing matched. */
export const conversationAggregateQueryResponse = z.looseObject({
  results: z.array(aggregateDataContainer).optional(),
});
export type ConversationAggregateQueryResponse = z.infer<typeof conversationAggregateQueryResponse>;

// ---------------------------------------------------------------------------------------------
// POST /api/v2/analytics/conversations/details/query and the async details jobs

/** ConversationDetailQueryPredicate */
export const conversationPredicate = z.strictObject({
  type: predicateType.optional(),
  dimension: z.enum(CONVERSATION_PREDICATE_DIMENSIONS).optional(),
  metric: z.enum(CONVERSATION_PREDICATE_METRICS).optional(),
  operator: predicateOperator.optional(),
  value: z.string().optional(),
  range: numericRange.optional(),
});
/** ConversationDetailQueryFilter */
export const conversationFilter = z.strictObject({
  type: filterType,
  clauses: z
    .array(z.strictObject({ type: filterType, predicates: z.array(conversationPredicate).max(FILTER_PREDICATES_MAX) }))
    .max(FILTER_CLAUSES_MAX)
    .optional(),
  predicates: z.array(conversationPredicate).max(FILTER_PREDICATES_MAX).optional(),
});

/** SegmentDetailQueryPredicate */
export const segmentPredicate = z.strictObject({
  type: predicateType.optional(),
  dimension: z.enum(SEGMENT_PREDICATE_DIMENSIONS).optional(),
  propertyType: z.enum(["bool", "integer", "real", "date", "string", "uuid"]).optional(),
  property: z.string().optional(),
  metric: z.enum(SEGMENT_PREDICATE_METRICS).optional(),
  operator: predicateOperator.optional(),
  value: z.string().optional(),
  range: numericRange.optional(),
});
/** SegmentDetailQueryFilter */
export const segmentFilter = z.strictObject({
  type: filterType,
  clauses: z
    .array(z.strictObject({ type: filterType, predicates: z.array(segmentPredicate).max(FILTER_PREDICATES_MAX) }))
    .max(FILTER_CLAUSES_MAX)
    .optional(),
  predicates: z.array(segmentPredicate).max(FILTER_PREDICATES_MAX).optional(),
});
export type SegmentFilter = z.infer<typeof segmentFilter>;

/** PagingSpec: both fields are required inside the object. */
export const pagingSpec = z.strictObject({
  pageSize: z.number().int(),
  pageNumber: z.number().int(),
});

const detailOrder = z.enum(["asc", "desc", "unordered"]);
const detailOrderBy = z.enum(["conversationStart", "conversationEnd", "segmentStart", "segmentEnd"]);
// Evaluation, survey and resolution filters are accepted in shape but not modelled by the simulator.
const opaqueFilter = z.looseObject({ type: filterType });

/** ConversationQuery. There is no cursor, `select` or `pageToken`: paging is by page number. */
export const conversationQuery = z.strictObject({
  interval: z.string(),
  conversationFilters: z.array(conversationFilter).max(QUERY_FILTERS_MAX).optional(),
  segmentFilters: z.array(segmentFilter).max(QUERY_FILTERS_MAX).optional(),
  evaluationFilters: z.array(opaqueFilter).max(QUERY_FILTERS_MAX).optional(),
  surveyFilters: z.array(opaqueFilter).max(QUERY_FILTERS_MAX).optional(),
  resolutionFilters: z.array(opaqueFilter).max(QUERY_FILTERS_MAX).optional(),
  order: detailOrder.optional(),
  orderBy: detailOrderBy.optional(),
  aggregations: z
    .array(z.looseObject({ type: z.enum(["termFrequency", "numericRange"]) }))
    .max(QUERY_FILTERS_MAX)
    .optional(),
  paging: pagingSpec.optional(),
});
export type ConversationQuery = z.infer<typeof conversationQuery>;

/** AsyncConversationQuery: the details job body; no `paging`, but a `limit`. */
export const asyncConversationQuery = z.strictObject({
  interval: z.string(),
  conversationFilters: z.array(conversationFilter).max(QUERY_FILTERS_MAX).optional(),
  segmentFilters: z.array(segmentFilter).max(QUERY_FILTERS_MAX).optional(),
  evaluationFilters: z.array(opaqueFilter).max(QUERY_FILTERS_MAX).optional(),
  surveyFilters: z.array(opaqueFilter).max(QUERY_FILTERS_MAX).optional(),
  resolutionFilters: z.array(opaqueFilter).max(QUERY_FILTERS_MAX).optional(),
  order: detailOrder.optional(),
  orderBy: detailOrderBy.optional(),
  limit: z.number().int().optional(),
  startOfDayIntervalMatching: z.boolean().optional(),
});
export type AsyncConversationQuery = z.infer<typeof asyncConversationQuery>;

/** AnalyticsSessionMetric: `t*` values are milliseconds. */
export const sessionMetric = z.looseObject({
  name: z.string(),
  value: z.number(),
  emitDate: z.string().optional(),
});

/** AnalyticsConversationSegment */
export const conversationSegment = z.looseObject({
  segmentStart: z.string(),
  segmentEnd: z.string().optional(),
  segmentType: z.enum(SEGMENT_TYPES).optional(),
  queueId: z.string().optional(),
  wrapUpCode: z.string().optional(),
  wrapUpNote: z.string().optional(),
  disconnectType: z.enum(DISCONNECT_TYPES).optional(),
  conference: z.boolean().optional(),
});

/** AnalyticsSession (the fields this product reads; the rest pass through). */
export const analyticsSession = z.looseObject({
  sessionId: z.string().optional(),
  mediaType: z.enum(MEDIA_TYPES).optional(),
  direction: z.enum(["inbound", "outbound"]).optional(),
  ani: z.string().optional(),
  dnis: z.string().optional(),
  addressFrom: z.string().optional(),
  addressTo: z.string().optional(),
  metrics: z.array(sessionMetric).optional(),
  segments: z.array(conversationSegment).optional(),
});

/** AnalyticsParticipant (async results add `attributes`). */
export const analyticsParticipant = z.looseObject({
  participantId: z.string().optional(),
  participantName: z.string().optional(),
  purpose: z.enum(PARTICIPANT_PURPOSES).optional(),
  userId: z.string().optional(),
  teamId: z.string().optional(),
  sessions: z.array(analyticsSession).optional(),
  attributes: z.record(z.string(), z.string()).optional(),
});

/** AnalyticsConversation / AnalyticsConversationWithoutAttributes */
export const analyticsConversation = z.looseObject({
  conversationId: z.string(),
  conversationStart: z.string(),
  conversationEnd: z.string().optional(),
  originatingDirection: z.enum(["inbound", "outbound"]).optional(),
  divisionIds: z.array(z.string()).optional(),
  externalTag: z.string().optional(),
  conversationInitiator: z.enum(PARTICIPANT_PURPOSES).optional(),
  customerParticipation: z.boolean().optional(),
  selfServed: z.boolean().optional(),
  participants: z.array(analyticsParticipant).optional(),
});
export type AnalyticsConversation = z.infer<typeof analyticsConversation>;

/** AnalyticsConversationQueryResponse: `conversations` is absent past the last page. */
export const conversationQueryResponse = z.looseObject({
  conversations: z.array(analyticsConversation).optional(),
  aggregations: z.array(z.looseObject({})).optional(),
  totalHits: z.number().int().optional(),
});

/** AsyncQueryResponse */
export const asyncQueryResponse = z.looseObject({ jobId: z.string() });

export const asyncQueryState = z.enum(ASYNC_QUERY_STATES);
export type AsyncQueryState = z.infer<typeof asyncQueryState>;
/** AsyncQueryStatus */
export const asyncQueryStatus = z.looseObject({
  state: asyncQueryState,
  errorMessage: z.string().optional(),
  expirationDate: z.string().optional(),
  submissionDate: z.string().optional(),
  completionDate: z.string().optional(),
});
export type AsyncQueryStatus = z.infer<typeof asyncQueryStatus>;

/** AnalyticsConversationAsyncQueryResponse: keep fetching until `cursor` is absent. */
export const conversationAsyncQueryResponse = z.looseObject({
  conversations: z.array(analyticsConversation).optional(),
  cursor: z.string().optional(),
  dataAvailabilityDate: z.string().optional(),
});

/**
 * What a bulk export relies on in each conversation: its id and its start. Everything else is
 * passed through exactly as Genesys sent it. Checking the ~100 nested fields of every record
 * would cost about a fifth of an export's time, and a new enum value deep inside one session
 * (a media type added next year) must not stop a 100,000-conversation export halfway.
 */
export const conversationRecord = z.looseObject({
  conversationId: z.string().min(1),
  conversationStart: z.iso.datetime({ offset: true }),
});
export type ConversationRecord = z.infer<typeof conversationRecord>;

/**
 * The fields of a details-query or job-results page besides its records (which are read one by
 * one, see record-page.ts). `conversations` here is only ever an absent or null array.
 */
export const recordPageFields = z.looseObject({
  conversations: z.null().optional(),
  totalHits: z.number().int().optional(),
  cursor: z.string().optional(),
  dataAvailabilityDate: z.string().optional(),
});
export type RecordPageFields = { totalHits?: number; cursor?: string; dataAvailabilityDate?: string };

// ---------------------------------------------------------------------------------------------
// Routing, tokens, users

/** Division */
export const division = z.looseObject({ id: z.string(), name: z.string().optional(), selfUri: z.string().optional() });

/** ServiceLevel inside MediaSettings: feeds `oServiceLevel.target`. */
const mediaSettings = z.looseObject({
  alertingTimeoutSeconds: z.number().optional(),
  serviceLevel: z.looseObject({ percentage: z.number().optional(), durationMs: z.number().optional() }).optional(),
});

/** Queue */
export const queue = z.looseObject({
  id: z.string(),
  name: z.string(),
  division: division.optional(),
  description: z.string().optional(),
  dateCreated: z.string().optional(),
  memberCount: z.number().optional(),
  mediaSettings: z
    .looseObject({
      call: mediaSettings.optional(),
      callback: mediaSettings.optional(),
      chat: mediaSettings.optional(),
      email: mediaSettings.optional(),
      message: mediaSettings.optional(),
    })
    .optional(),
  selfUri: z.string().optional(),
});
export type Queue = z.infer<typeof queue>;

/** QueueEntityListing */
export const queueEntityListing = z.looseObject({
  entities: z.array(queue).optional(),
  pageSize: z.number().int().optional(),
  pageNumber: z.number().int().optional(),
  total: z.number().int().optional(),
  pageCount: z.number().int().optional(),
  firstUri: z.string().optional(),
  nextUri: z.string().optional(),
  previousUri: z.string().optional(),
  lastUri: z.string().optional(),
  selfUri: z.string().optional(),
});

const namedEntity = z.looseObject({ id: z.string(), name: z.string().optional() });

/** TokenInfo (note the capital O of `OAuthClient` in the JSON). */
export const tokenInfo = z.looseObject({
  organization: namedEntity.optional(),
  homeOrganization: namedEntity.optional(),
  authorizedScope: z.array(z.string()).optional(),
  clonedUser: z.looseObject({ id: z.string().optional() }).optional(),
  dateTokenIdles: z.string().optional(),
  OAuthClient: z
    .looseObject({
      id: z.string().optional(),
      name: z.string(),
      authorizedGrantType: z.enum(["CODE", "TOKEN", "SAML2-BEARER", "PASSWORD", "CLIENT-CREDENTIALS"]),
      organization: namedEntity.optional(),
    })
    .optional(),
});
export type TokenInfo = z.infer<typeof tokenInfo>;

/** UserMe: `version` is its only required field. */
export const userMe = z.looseObject({
  id: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  username: z.string().optional(),
  state: z.enum(["active", "inactive", "deleted"]).optional(),
  division: division.optional(),
  title: z.string().optional(),
  version: z.number().int(),
  selfUri: z.string().optional(),
  /** With `?expand=authorization`: UserAuthorization (roles, and permissions as `domain:entity:action`). */
  authorization: z.looseObject({ permissions: z.array(z.string()).optional() }).optional(),
});
export type UserMe = z.infer<typeof userMe>;

// ---------------------------------------------------------------------------------------------
// Errors and OAuth

/** ErrorBody: the platform's error envelope. */
export const errorBody = z.looseObject({
  message: z.string().optional(),
  code: z.string().optional(),
  status: z.number().int().optional(),
  entityId: z.string().optional(),
  entityName: z.string().optional(),
  messageWithParams: z.string().optional(),
  messageParams: z.record(z.string(), z.unknown()).optional(),
  contextId: z.string().optional(),
  details: z
    .array(
      z.looseObject({
        errorCode: z.string().optional(),
        fieldName: z.string().optional(),
        entityId: z.string().optional(),
        entityName: z.string().optional(),
      }),
    )
    .optional(),
  errors: z.array(z.looseObject({})).optional(),
  limit: z.looseObject({ key: z.string().optional(), namespace: z.string().optional(), value: z.number().optional() }).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;

/** The `/oauth/token` success answer. Client-credentials answers carry no refresh token. */
export const oauthTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().optional(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});

/** The `/oauth/token` error answer: OAuth-style, not the platform ErrorBody. */
export const oauthErrorResponse = z.looseObject({
  error: z.string(),
  description: z.string().optional(),
  error_description: z.string().optional(),
});

// ---------------------------------------------------------------------------------------------
// POST /api/v2/analytics/queues/observations/query (real time)
//
// Models QueueObservationQuery, QueueObservationQueryFilter/Clause/Predicate and
// QueueObservationQueryResponse of the official SDKs (platform-client-sdk-dotnet
// build/src/PureCloudPlatform.Client.V2/Model/QueueObservationQuery.cs and
// QueueObservationQueryPredicate.cs for the enums; build/docs/ObservationMetricData.md and
// ObservationValue.md for the answer).

/** QueueObservationQuery.metrics: the model's enum. */
export const QUEUE_OBSERVATION_METRICS = [
  "oActiveUsers",
  "oAlerting",
  "oInteracting",
  "oLongestInteracting",
  "oLongestWaiting",
  "oMemberUsers",
  "oOffQueueUsers",
  "oOnQueueUsers",
  "oUserPresences",
  "oUserRoutingStatuses",
  "oWaiting",
] as const;
/** QueueObservationQuery.detailMetrics: the same without oLongestInteracting / oLongestWaiting. */
export const QUEUE_OBSERVATION_DETAIL_METRICS = [
  "oActiveUsers",
  "oAlerting",
  "oInteracting",
  "oMemberUsers",
  "oOffQueueUsers",
  "oOnQueueUsers",
  "oUserPresences",
  "oUserRoutingStatuses",
  "oWaiting",
] as const;
export const queueObservationMetric = z.enum(QUEUE_OBSERVATION_METRICS);
export type QueueObservationMetric = z.infer<typeof queueObservationMetric>;
export const queueObservationDetailMetric = z.enum(QUEUE_OBSERVATION_DETAIL_METRICS);

/** QueueObservationQueryPredicate: dimensions `queueId` and `mediaType` only. */
export const queueObservationPredicate = z.strictObject({
  type: predicateType.optional(),
  dimension: z.enum(["queueId", "mediaType"]).optional(),
  operator: predicateOperator.optional(),
  value: z.string().optional(),
  range: numericRange.optional(),
});
/** QueueObservationQueryClause */
export const queueObservationClause = z.strictObject({
  type: filterType,
  predicates: z.array(queueObservationPredicate).max(FILTER_PREDICATES_MAX),
});
/** QueueObservationQueryFilter */
export const queueObservationFilter = z.strictObject({
  type: filterType,
  clauses: z.array(queueObservationClause).max(FILTER_CLAUSES_MAX).optional(),
  predicates: z.array(queueObservationPredicate).max(FILTER_PREDICATES_MAX).optional(),
});

/** QueueObservationQuery: `filter` and `metrics` are required. */
export const queueObservationQuery = z.strictObject({
  filter: queueObservationFilter,
  metrics: z.array(queueObservationMetric).min(1).max(METRICS_MAX),
  detailMetrics: z.array(queueObservationDetailMetric).max(METRICS_MAX).optional(),
});
export type QueueObservationQuery = z.infer<typeof queueObservationQuery>;

/** ObservationValue: one conversation (or user) behind a metric; `observationDate` is required. */
export const observationValue = z.looseObject({
  observationDate: z.string(),
  conversationId: z.string().optional(),
  sessionId: z.string().optional(),
  routingPriority: z.number().optional(),
  participantName: z.string().optional(),
  userId: z.string().optional(),
  direction: z.string().optional(),
  addressFrom: z.string().optional(),
  addressTo: z.string().optional(),
  ani: z.string().optional(),
  dnis: z.string().optional(),
  teamId: z.string().optional(),
});

/**
 * ObservationMetricData. "If truncated, the first half of the list of observations will contain
 * the oldest observations and the second half the newest observations."
 */
export const observationMetricData = z.looseObject({
  metric: z.string(),
  qualifier: z.string().optional(),
  stats: statisticalSummary.optional(),
  truncated: z.boolean().optional(),
  observations: z.array(observationValue).optional(),
});
export type ObservationMetricData = z.infer<typeof observationMetricData>;

/** QueueObservationDataContainer: `group` maps dimension (queueId, mediaType) to value. */
export const queueObservationDataContainer = z.looseObject({
  group: z.record(z.string(), z.string()).optional(),
  data: z.array(observationMetricData).optional(),
});

/** QueueObservationQueryResponse */
export const queueObservationQueryResponse = z.looseObject({
  systemToOrganizationMappings: z.record(z.string(), z.array(z.string())).optional(),
  results: z.array(queueObservationDataContainer).optional(),
});
export type QueueObservationQueryResponse = z.infer<typeof queueObservationQueryResponse>;

// ---------------------------------------------------------------------------------------------
// GET /api/v2/organizations/limits/namespaces/{namespaceName}
//
// Answers LimitsEntityListing (OrganizationApi `getOrganizationsLimitsNamespace`,
// platform-client-sdk-javascript build/docs/OrganizationApi.md: "Get the effective limits in a
// namespace for an organization"; models LimitsEntityListing and Limit,
// platform-client-sdk-dotnet build/docs/LimitsEntityListing.md and Limit.md).

/** Limit: `value` is an int64. */
export const limitEntry = z.looseObject({
  key: z.string().optional(),
  namespace: z.string().optional(),
  value: z.number().optional(),
});
export type LimitEntry = z.infer<typeof limitEntry>;

/** LimitsEntityListing */
export const limitsEntityListing = z.looseObject({
  entities: z.array(limitEntry).optional(),
});

// ---------------------------------------------------------------------------------------------
// The Notifications API (NotificationsApi `postNotificationsChannels`,
// `putNotificationsChannelSubscriptions`, platform-client-sdk-javascript build/docs/NotificationsApi.md;
// models Channel and ChannelTopicEntityListing, platform-client-sdk-dotnet build/docs/Channel.md,
// ChannelTopic.md).

/** Channel: a WebSocket address (no credential in it: the channel id is the capability) and its expiry. */
export const notificationChannel = z.looseObject({
  connectUri: z.string(),
  id: z.string(),
  expires: z.string().optional(),
});
export type NotificationChannel = z.infer<typeof notificationChannel>;

/** ChannelTopic: one subscription, `Permitted` or `Rejected` with the reason and the permissions missing. */
export const channelTopic = z.looseObject({
  id: z.string(),
  state: z.string().optional(),
  rejectionReason: z.string().optional(),
  missingPermissions: z.array(z.string()).optional(),
});
export type ChannelTopic = z.infer<typeof channelTopic>;

export const channelTopicEntityListing = z.looseObject({ entities: z.array(channelTopic).optional() });
