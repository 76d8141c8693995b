import "server-only";
import { GenesysJobError, GenesysResponseError, GenesysTimeoutError } from "./errors";
import { GenesysHttp, type GenesysHttpOptions } from "./http";
import { realSleep, sleepUnlessAborted } from "./retry";
import {
  asyncQueryResponse,
  asyncQueryStatus,
  conversationAggregateQueryResponse,
  conversationAsyncQueryResponse,
  conversationQueryResponse,
  channelTopicEntityListing,
  limitsEntityListing,
  notificationChannel,
  queue,
  queueObservationQueryResponse,
  queueEntityListing,
  tokenInfo,
  userMe,
  type AnalyticsConversation,
  type AsyncConversationQuery,
  type AsyncQueryStatus,
  type ConversationAggregateQueryResponse,
  type ConversationAggregationQuery,
  type ConversationQuery,
  type ChannelTopic,
  type LimitEntry,
  type NotificationChannel,
  type Queue,
  type QueueObservationQuery,
  type QueueObservationQueryResponse,
  type TokenInfo,
  type UserMe,
} from "./schemas";
import type { PageBuffer } from "./page-buffer";
import { readRecordPage, type RecordList } from "./record-page";
import type { Grant } from "./tokens";
import type { ClientStats } from "./transport";

export type GenesysClientOptions = GenesysHttpOptions;

export type WaitOptions = {
  /** First pause between status polls; doubles up to `maxPollMs`. Default 1 s. */
  pollMs?: number;
  maxPollMs?: number;
  /** Give up (GenesysTimeoutError) after this long. Default 10 minutes. */
  timeoutMs?: number;
  signal?: AbortSignal;
};

export type JobResultsPage = { conversations: AnalyticsConversation[]; cursor?: string };
/** One page for bulk reading: each record as its JSON text, checked as JSON and for its id and start (record-page.ts). */
export type RecordPage = { conversations: RecordList; cursor?: string; totalHits?: number };

export interface GenesysDetailsJobs {
  create(query: AsyncConversationQuery, opts?: { signal?: AbortSignal }): Promise<{ jobId: string }>;
  status(jobId: string, opts?: { signal?: AbortSignal }): Promise<AsyncQueryStatus>;
  /** Resolves when FULFILLED; FAILED, CANCELLED and EXPIRED reject with GenesysJobError. */
  waitUntilDone(jobId: string, opts?: WaitOptions): Promise<AsyncQueryStatus>;
  /** Every results page, following `cursor` until it is absent. */
  results(jobId: string, opts?: { pageSize?: number; cursor?: string; signal?: AbortSignal }): AsyncIterable<JobResultsPage>;
  /**
   * One results page (the first without `cursor`), for callers that stream, checkpoint the cursor
   * and resume from it later. Records are checked as JSON and for their id and start; with
   * `buffer`, their bytes are views into it, valid until the buffer is used again.
   */
  resultsPage(jobId: string, opts?: { pageSize?: number; cursor?: string; signal?: AbortSignal; buffer?: PageBuffer }): Promise<RecordPage>;
  /** Cancels a running job or discards a finished one's results. */
  delete(jobId: string, opts?: { signal?: AbortSignal }): Promise<void>;
}

export interface GenesysClient {
  readonly grant: Grant;
  queryConversationAggregates(
    query: ConversationAggregationQuery,
    opts?: { signal?: AbortSignal },
  ): Promise<ConversationAggregateQueryResponse>;
  /** Every conversation of every page (by `paging.pageNumber`), each once even when pages shift. */
  queryConversationDetails(
    query: Omit<ConversationQuery, "paging">,
    opts?: { pageSize?: number; signal?: AbortSignal },
  ): AsyncIterable<AnalyticsConversation>;
  /**
   * One page of the details query, as is: no de-duplication across pages (the caller pages and
   * de-duplicates), records checked only for their id and start. `conversations` is empty past
   * the last page. With `buffer`, as for `detailsJobs.resultsPage`.
   */
  queryConversationDetailsPage(
    query: ConversationQuery & { paging: { pageSize: number; pageNumber: number } },
    opts?: { signal?: AbortSignal; buffer?: PageBuffer },
  ): Promise<RecordPage>;
  detailsJobs: GenesysDetailsJobs;
  /** Every queue the caller can see, all pages. */
  listRoutingQueues(opts?: { pageSize?: number; signal?: AbortSignal }): Promise<Queue[]>;
  getRoutingQueue(id: string, opts?: { signal?: AbortSignal }): Promise<Queue>;
  getTokenInfo(opts?: { signal?: AbortSignal }): Promise<TokenInfo>;
  /** Revokes the token in use (`DELETE /api/v2/tokens/me`). */
  revokeToken(): Promise<void>;
  /** The signed-in user. Client-credentials tokens have none: GenesysApiError 400 `not.a.user`. */
  getUserMe(opts?: { signal?: AbortSignal; expand?: string[] }): Promise<UserMe>;
  /** Queue state now (`POST /api/v2/analytics/queues/observations/query`): at most 200 predicates a query. */
  queryQueueObservations(query: QueueObservationQuery, opts?: { signal?: AbortSignal }): Promise<QueueObservationQueryResponse>;
  /** The org's effective limits in a namespace (`analytics`, `platform.api`, …). */
  getOrganizationLimits(namespace: string, opts?: { signal?: AbortSignal }): Promise<LimitEntry[]>;
  /** A new Notifications API channel (`POST /api/v2/notifications/channels`): lives 24 h. */
  createNotificationChannel(opts?: { signal?: AbortSignal }): Promise<NotificationChannel>;
  /** Replaces the channel's subscriptions (`PUT …/channels/{id}/subscriptions`): each topic permitted or rejected. */
  replaceChannelSubscriptions(channelId: string, topics: readonly string[], opts?: { signal?: AbortSignal }): Promise<ChannelTopic[]>;
  /**
   * Obtains the token now: for client credentials the token request alone (a refusal is a
   * GenesysAuthError), so a diagnosis can tell bad credentials from a missing permission.
   */
  authenticate(opts?: { signal?: AbortSignal }): Promise<void>;
  stats(): ClientStats;
}

const AGGREGATES = "/api/v2/analytics/conversations/aggregates/query";
const DETAILS = "/api/v2/analytics/conversations/details/query";
const JOBS = "/api/v2/analytics/conversations/details/jobs";
const QUEUES = "/api/v2/routing/queues";
const OBSERVATIONS = "/api/v2/analytics/queues/observations/query";
const LIMITS = "/api/v2/organizations/limits/namespaces";
const CHANNELS = "/api/v2/notifications/channels";
const DEFAULT_PAGE_SIZE = 100;
const JOB_FAILED_STATES = new Set(["FAILED", "CANCELLED", "EXPIRED"]);

function segment(id: string): string {
  if (!id) throw new Error("an id is required");
  return encodeURIComponent(id);
}

async function* queryConversationDetails(
  http: GenesysHttp,
  query: Omit<ConversationQuery, "paging">,
  opts: { pageSize?: number; signal?: AbortSignal } = {},
): AsyncGenerator<AnalyticsConversation> {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  // Pages shift while the interval still receives data, so one can come back on the next page (Genesys blog
  // https://developer.genesys.cloud/blog/2022-04-21-Analytics-conversations-api-behavior/): never hand out one twice.
  const seen = new Set<string>();
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await http.request({
      method: "POST",
      path: DETAILS,
      body: { ...query, paging: { pageSize, pageNumber } },
      schema: conversationQueryResponse,
      signal: opts.signal,
    });
    const conversations = page.conversations ?? [];
    if (conversations.length === 0) return;
    for (const conversation of conversations) {
      if (seen.has(conversation.conversationId)) continue;
      seen.add(conversation.conversationId);
      yield conversation;
    }
  }
}

async function listRoutingQueues(http: GenesysHttp, opts: { pageSize?: number; signal?: AbortSignal } = {}): Promise<Queue[]> {
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const byId = new Map<string, Queue>();
  for (let pageNumber = 1; ; pageNumber += 1) {
    const page = await http.request({
      method: "GET",
      path: QUEUES,
      query: { pageSize, pageNumber },
      schema: queueEntityListing,
      signal: opts.signal,
    });
    const entities = page.entities ?? [];
    for (const entity of entities) byId.set(entity.id, entity);
    const lastPage = page.pageCount !== undefined ? pageNumber >= page.pageCount : !page.nextUri;
    if (lastPage || entities.length === 0) return [...byId.values()];
  }
}

/** The async details jobs (`…/details/jobs`): create, poll, read by cursor, delete. */
function detailsJobsOf(http: GenesysHttp, sleep: (ms: number) => Promise<void>): GenesysDetailsJobs {
  const detailsJobs: GenesysDetailsJobs = {
    async create(query, opts = {}) {
      const { jobId } = await http.request({
        method: "POST",
        path: JOBS,
        body: query,
        schema: asyncQueryResponse,
        signal: opts.signal,
        idempotent: false, // a repeated create would start a second job
      });
      return { jobId };
    },

    status(jobId, opts = {}) {
      return http.request({ method: "GET", path: `${JOBS}/${segment(jobId)}`, schema: asyncQueryStatus, signal: opts.signal });
    },

    async waitUntilDone(jobId, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? 600_000;
      const maxPollMs = opts.maxPollMs ?? 10_000;
      const deadline = Date.now() + timeoutMs;
      let pause = opts.pollMs ?? 1_000;
      for (;;) {
        const status = await detailsJobs.status(jobId, opts.signal ? { signal: opts.signal } : {});
        if (status.state === "FULFILLED") return status;
        if (JOB_FAILED_STATES.has(status.state)) {
          throw new GenesysJobError({ jobId, state: status.state, ...(status.errorMessage ? { errorMessage: status.errorMessage } : {}) });
        }
        if (Date.now() + pause > deadline) {
          throw new GenesysTimeoutError({ method: "GET", path: `${JOBS}/${jobId}`, timeoutMs });
        }
        await sleepUnlessAborted(sleep, pause, opts.signal);
        pause = Math.min(maxPollMs, pause * 2);
      }
    },

    async *results(jobId, opts = {}) {
      const path = `${JOBS}/${segment(jobId)}/results`;
      const seenCursors = new Set<string>();
      let cursor = opts.cursor;
      do {
        const page = await http.request({
          method: "GET",
          path,
          query: { pageSize: opts.pageSize, cursor },
          schema: conversationAsyncQueryResponse,
          signal: opts.signal,
        });
        const next = page.cursor || undefined;
        if (next !== undefined) {
          // A cursor handed out twice would page forever.
          if (seenCursors.has(next)) throw new GenesysResponseError({ method: "GET", path, status: 200, issues: ["cursor: repeated"] });
          seenCursors.add(next);
        }
        yield { conversations: page.conversations ?? [], ...(next !== undefined ? { cursor: next } : {}) };
        cursor = next;
      } while (cursor !== undefined);
    },

    async resultsPage(jobId, opts = {}) {
      const page = await http.requestBytes(
        {
          method: "GET",
          path: `${JOBS}/${segment(jobId)}/results`,
          query: { pageSize: opts.pageSize, cursor: opts.cursor },
          signal: opts.signal,
          ...(opts.buffer ? { into: opts.buffer } : {}),
        },
        readRecordPage,
      );
      return { conversations: page.conversations ?? [], ...(page.cursor ? { cursor: page.cursor } : {}) };
    },

    delete(jobId, opts = {}) {
      return http.requestNoContent({ method: "DELETE", path: `${JOBS}/${segment(jobId)}`, signal: opts.signal });
    },
  };
  return detailsJobs;
}

export function createGenesysClient(options: GenesysClientOptions): GenesysClient {
  const http = new GenesysHttp(options);
  const detailsJobs = detailsJobsOf(http, options.sleep ?? realSleep);

  return {
    grant: http.grant,
    queryConversationAggregates: (query, opts = {}) =>
      http.request({ method: "POST", path: AGGREGATES, body: query, schema: conversationAggregateQueryResponse, signal: opts.signal }),
    queryConversationDetails: (query, opts) => queryConversationDetails(http, query, opts),
    async queryConversationDetailsPage(query, opts = {}) {
      const page = await http.requestBytes(
        { method: "POST", path: DETAILS, body: query, signal: opts.signal, ...(opts.buffer ? { into: opts.buffer } : {}) },
        readRecordPage,
      );
      return { conversations: page.conversations ?? [], ...(page.totalHits !== undefined ? { totalHits: page.totalHits } : {}) };
    },
    detailsJobs,
    listRoutingQueues: (opts) => listRoutingQueues(http, opts),
    getRoutingQueue: (id, opts = {}) =>
      http.request({ method: "GET", path: `${QUEUES}/${segment(id)}`, schema: queue, signal: opts.signal }),
    getTokenInfo: (opts = {}) => http.request({ method: "GET", path: "/api/v2/tokens/me", schema: tokenInfo, signal: opts.signal }),
    revokeToken: () => http.revokeToken(),
    getUserMe: (opts = {}) =>
      http.request({
        method: "GET",
        path: "/api/v2/users/me",
        query: { expand: opts.expand?.join(",") },
        schema: userMe,
        signal: opts.signal,
      }),
    queryQueueObservations: (query, opts = {}) =>
      http.request({ method: "POST", path: OBSERVATIONS, body: query, schema: queueObservationQueryResponse, signal: opts.signal }),
    async getOrganizationLimits(namespace, opts = {}) {
      const listing = await http.request({
        method: "GET",
        path: `${LIMITS}/${segment(namespace)}`,
        schema: limitsEntityListing,
        signal: opts.signal,
      });
      return listing.entities ?? [];
    },
    createNotificationChannel: (opts = {}) =>
      // Not idempotent: a retried POST after a lost answer would leave a second channel (20 per app).
      http.request({ method: "POST", path: CHANNELS, schema: notificationChannel, idempotent: false, signal: opts.signal }),
    async replaceChannelSubscriptions(channelId, topics, opts = {}) {
      const listing = await http.request({
        method: "PUT",
        path: `${CHANNELS}/${segment(channelId)}/subscriptions`,
        body: topics.map((id) => ({ id })),
        schema: channelTopicEntityListing,
        signal: opts.signal,
      });
      return listing.entities ?? [];
    },
    authenticate: (opts = {}) => http.authenticate(opts.signal),
    stats: () => http.stats(),
  };
}
