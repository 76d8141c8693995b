/**
 * The Notifications API's channels and subscriptions (NotificationsApi, platform-client-sdk-javascript
 * build/docs/NotificationsApi.md; models Channel, ChannelTopic, ChannelTopicEntityListing,
 * platform-client-sdk-dotnet build/docs/Channel.md):
 * - `POST /api/v2/notifications/channels` creates a channel `{connectUri, id, expires}`; it lives
 *   24 hours (option notificationChannelLifetimeSeconds). "There is a limit of 20 channels per
 *   user/app combination. Creating a 21st channel will remove the channel with oldest last used
 *   date. Channels without an active connection will be removed first." (postNotificationsChannels).
 *   A client-credentials token's user/app is its OAuth client; a user token's, its user and client.
 * - `PUT` (replace) / `POST` (add) / `GET` / `DELETE` `…/channels/{id}/subscriptions`, each topic
 *   answered `Permitted` or `Rejected` with a `rejectionReason` (and `missingPermissions`); at most
 *   1,000 topics per channel (more: 400 with the limit, like the simulator's other limits).
 * - `HEAD …/channels/{id}`: "Returns a 200 OK if channel exists, and a 404 Not Found if it doesnt".
 * - `GET …/channels?includechannels=token|oauthclient` (default token): "Channel Ids for other access
 *   tokens will not be shown, but will be presented to show their existence".
 * Only `v2.analytics.queues.{id}.observations` is modelled (notification-events.ts); the WebSocket
 * side is notification-sockets.ts. Every route "Requires NO permissions"; the topic needs
 * `analytics:queueObservation:view`, the permission of the observations query (permissions.ts).
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { SimError, badRequest, fromZodError, notFound, type ErrorLimit } from "./errors";
import type { TokenRecord } from "./oauth";
import { visibleQueueIndexes, type SimOrg } from "./org";
import { PERMISSION } from "./permissions";

export const CHANNELS_PER_OWNER_MAX = 20;
export const TOPICS_PER_CHANNEL_MAX = 1000;
export const TOPICS_LIMIT: ErrorLimit = { key: "channel.topics.max", namespace: "notifications", value: TOPICS_PER_CHANNEL_MAX };

/** The one modelled topic; a queue id is a UUID here, but any id-like string is looked up. */
export const OBSERVATIONS_TOPIC = /^v2\.analytics\.queues\.([A-Za-z0-9-]{1,100})\.observations$/;
/** A well-formed topic name: dot-separated words (`v2.users.{id}.presence`, …); anything else is a 400. */
const WELL_FORMED_TOPIC = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/;

export type Channel = {
  id: string;
  /** The user/app combination the channel belongs to (the 20-channel limit's key). */
  owner: string;
  /** The access token that created it (`includechannels=token`). */
  token: string;
  expiresAt: number;
  /** Order of last use (a counter, so a frozen test clock still orders uses). */
  lastUsed: number;
  connected: boolean;
  /** Permitted topics → queue index. */
  topics: Map<string, number>;
};

export type ChannelTopicAnswer = { id: string; state: "Permitted" | "Rejected"; rejectionReason?: string; missingPermissions?: string[] };

const subscriptionBody = z.array(z.strictObject({ id: z.string().min(1).max(500), selfUri: z.string().max(1000).optional() }));

/** The owner key of a token: its client, and its user when it has one. */
export const ownerOf = (t: TokenRecord) => (t.userIndex >= 0 ? `${t.clientId}|user:${t.userIndex}` : t.clientId);

/** A channel id as Genesys shows them (`streaming-<n>-<26 characters>`; the format is not documented). */
function newChannelId(): string {
  const chars = "0123456789abcdefghijklmnopqrstuvwxyz";
  const bytes = randomBytes(26);
  return `streaming-0-${Array.from(bytes, (b) => chars[b % 36]).join("")}`;
}

/** Channels by id; expired ones are dropped on every access (onRemove closes their socket). */
export class ChannelStore {
  private readonly channels = new Map<string, Channel>();
  private uses = 0;

  constructor(
    private readonly onRemove: (c: Channel) => void,
    private readonly lifetimeMs: () => number,
  ) {}

  get size(): number {
    return this.channels.size;
  }

  all(): Channel[] {
    return [...this.channels.values()];
  }

  touch(c: Channel): void {
    c.lastUsed = ++this.uses;
  }

  /** A new channel for the token's owner; past 20, the least recently used (unconnected first) goes. */
  create(token: TokenRecord, now: number): Channel {
    this.dropExpired(now);
    const owner = ownerOf(token);
    const mine = this.all().filter((c) => c.owner === owner);
    if (mine.length >= CHANNELS_PER_OWNER_MAX) {
      const victim = mine.sort((a, b) => Number(a.connected) - Number(b.connected) || a.lastUsed - b.lastUsed)[0]!;
      this.remove(victim);
    }
    const channel: Channel = {
      id: newChannelId(),
      owner,
      token: token.token,
      expiresAt: now + this.lifetimeMs(),
      lastUsed: 0,
      connected: false,
      topics: new Map(),
    };
    this.touch(channel);
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The caller's live channel, or 404 (unknown, expired, or another user/app's). */
  get(id: string, token: TokenRecord, now: number): Channel {
    const c = this.find(id, now);
    if (!c || c.owner !== ownerOf(token)) throw notFound(`The channel ${id} was not found.`);
    this.touch(c);
    return c;
  }

  /** A live channel by id alone (the WebSocket: the id is the capability), or null. */
  find(id: string, now: number): Channel | null {
    const c = this.channels.get(id);
    if (!c) return null;
    if (c.expiresAt <= now) {
      this.remove(c);
      return null;
    }
    return c;
  }

  /** The owner's channels; those of other tokens without their id (and so without connectUri). */
  list(token: TokenRecord, include: string | undefined, now: number): { mine: Channel[]; others: Channel[] } {
    if (include !== undefined && include !== "token" && include !== "oauthclient") {
      throw badRequest(
        `Value [${include}] is not valid for field [includechannels]. Allowable values are: token, oauthclient`,
        "includechannels",
        "invalid.value",
      );
    }
    this.dropExpired(now);
    const owned = this.all().filter((c) => c.owner === ownerOf(token));
    const mine = owned.filter((c) => c.token === token.token);
    return { mine, others: include === "oauthclient" ? owned.filter((c) => c.token !== token.token) : [] };
  }

  /** Every expired channel removed; answers them. */
  dropExpired(now: number): Channel[] {
    const gone = this.all().filter((c) => c.expiresAt <= now);
    for (const c of gone) this.remove(c);
    return gone;
  }

  remove(c: Channel): void {
    if (this.channels.delete(c.id)) this.onRemove(c);
  }

  clear(): void {
    for (const c of this.all()) this.remove(c);
  }
}

export type SubscribeContext = { org: SimOrg; token: TokenRecord; reject: boolean };

/**
 * Validates a subscriptions body (`[{id}, …]`) and answers each topic's state; the caller applies
 * the permitted ones. A malformed body or topic name is a 400; more than 1,000 topics on the
 * channel (after `existing` for an add) a 400 with the limit.
 */
export function evaluateTopics(
  body: unknown,
  existing: ReadonlyMap<string, number>,
  ctx: SubscribeContext,
): { answers: ChannelTopicAnswer[]; permitted: Map<string, number> } {
  const parsed = subscriptionBody.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error, body);
  const ids = [...new Set(parsed.data.map((t) => t.id))];
  ids.forEach((id, i) => {
    if (!WELL_FORMED_TOPIC.test(id)) throw badRequest(`The topic [${id}] is not a valid topic name.`, `[${i}].id`);
  });
  const total = new Set([...existing.keys(), ...ids]).size;
  if (total > TOPICS_PER_CHANNEL_MAX) throw tooManyTopics(total);
  const visible = new Set(visibleQueueIndexes(ctx.org, ctx.token.divisionIds));
  const answers: ChannelTopicAnswer[] = [];
  const permitted = new Map<string, number>();
  for (const id of ids) {
    const answer = topicState(id, ctx, visible);
    answers.push(answer.topic);
    if (answer.queue !== null) permitted.set(id, answer.queue);
  }
  return { answers, permitted };
}

function topicState(id: string, ctx: SubscribeContext, visible: Set<number>): { topic: ChannelTopicAnswer; queue: number | null } {
  const rejected = (rejectionReason: string, missingPermissions?: string[]) => ({
    topic: { id, state: "Rejected" as const, rejectionReason, ...(missingPermissions ? { missingPermissions } : {}) },
    queue: null,
  });
  if (ctx.reject) return rejected("Subscriptions are being rejected (the simulator's rejectSubscriptions fault).");
  const match = OBSERVATIONS_TOPIC.exec(id);
  if (!match) return rejected(`The topic ${id} is not available: the simulator models only v2.analytics.queues.{id}.observations.`);
  const perms = ctx.token.permissions;
  if (perms !== null && !perms.has(PERMISSION.queueObservationView)) {
    return rejected("Missing permissions for this topic.", [PERMISSION.queueObservationView]);
  }
  const queue = ctx.org.queueById.get(match[1]!);
  if (!queue || !visible.has(queue.index)) return rejected(`The queue ${match[1]} was not found or is outside the token's divisions.`);
  return { topic: { id, state: "Permitted" }, queue: queue.index };
}

function tooManyTopics(total: number): SimError {
  return new SimError(
    400,
    "bad.request",
    `A channel may have at most ${TOPICS_PER_CHANNEL_MAX} topics; this request would give it ${total} (limit ${TOPICS_LIMIT.key} in namespace ${TOPICS_LIMIT.namespace}). Use another channel.`,
    [{ errorCode: "bad.request", fieldName: "topics" }],
    {},
    { limit: TOPICS_LIMIT, messageParams: { limit: String(TOPICS_PER_CHANNEL_MAX), count: String(total) } },
  );
}
