import "server-only";
/**
 * Signed-in means identity AND authorization: in `signed-in` mode a person sees, of the shared
 * client-credentials snapshots, only the queues their own Genesys token can list. The list is
 * taken at sign-in (one walk of GET /api/v2/routing/queues with their token) and kept in the
 * store beside the session, keyed by a hash of the token (never the token itself), for as long
 * as the session may live. Sign-in is refused to anyone from another organization than the
 * client-credentials client's.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import type { GenesysClient } from "@/lib/genesys";
import { reportingConnection, userTokenClient } from "@/lib/server/app-connection";
import { getSnapshotStore } from "@/lib/server/store";

import type { UserSession } from "./session";

const REACH_TTL_MS = 48 * 60 * 60 * 1000;
const ORG_TTL_MS = 60 * 60 * 1000;
const reachSchema = z.object({ queueIds: z.array(z.string()), all: z.boolean().default(false) });
const orgSchema = z.object({ id: z.string(), name: z.string().optional() });

function reachKey(accessToken: string): string {
  return `visible-queues.${createHash("sha256").update(accessToken).digest("hex").slice(0, 40)}`;
}

export class OtherOrganizationError extends Error {
  override name = "OtherOrganizationError";
  constructor() {
    super("this account belongs to another Genesys Cloud organization than the one this dashboard reports on");
  }
}

/** The client-credentials client's organization (cached an hour: it never changes). */
async function reportingOrganization(): Promise<{ id: string; name?: string | undefined }> {
  const store = getSnapshotStore();
  const cached = await store.readCache("reporting-organization", orgSchema);
  if (cached) return cached;
  const info = await reportingConnection().client.getTokenInfo();
  if (!info.organization?.id) throw new Error("Genesys Cloud did not name the reporting client's organization (GET /api/v2/tokens/me)");
  const org = { id: info.organization.id, ...(info.organization.name ? { name: info.organization.name } : {}) };
  await store.writeCache("reporting-organization", org, ORG_TTL_MS);
  return org;
}

/**
 * At sign-in, with the user's own client: refuses another organization's account, then lists
 * and keeps the queues the user can see. Throws to refuse the sign-in.
 */
export async function recordSignInReach(userClient: GenesysClient, accessToken: string): Promise<void> {
  const [mine, reporting] = await Promise.all([userClient.getTokenInfo(), reportingOrganization()]);
  if (mine.organization?.id !== reporting.id) throw new OtherOrganizationError();
  await saveReach(accessToken, userClient);
}

/** Whether `held` (a Genesys permission, `*` for any part) grants `wanted` (domain:entity:action). */
export function grantsPermission(held: string, wanted: string): boolean {
  const h = held.split(":");
  const w = wanted.split(":");
  return h.length === 3 && w.length === 3 && h.every((part, i) => part === "*" || part === w[i]);
}

type Reach = { all: boolean; queueIds: string[] };

async function saveReach(accessToken: string, userClient: Pick<GenesysClient, "listRoutingQueues" | "getUserMe">): Promise<Reach> {
  const permission = getConfig().allQueuesPermission;
  let reach: Reach;
  const held = permission ? ((await userClient.getUserMe({ expand: ["authorization"] })).authorization?.permissions ?? []) : [];
  if (permission && held.some((p) => grantsPermission(p, permission))) {
    reach = { all: true, queueIds: [] };
  } else {
    reach = { all: false, queueIds: (await userClient.listRoutingQueues()).map((q) => q.id) };
  }
  await getSnapshotStore().writeCache(reachKey(accessToken), reach, REACH_TTL_MS);
  return reach;
}

/**
 * The queues this signed-in person may see, or "all" (DASHBOARD_ALL_QUEUES_PERMISSION). Kept from
 * sign-in; taken again with their token if the store lost it (a flushed Redis, another instance's
 * files).
 */
export async function visibleQueuesOf(
  session: UserSession,
  userClient: () => Pick<GenesysClient, "listRoutingQueues" | "getUserMe">,
): Promise<ReadonlySet<string> | "all"> {
  const reach =
    (await getSnapshotStore().readCache(reachKey(session.accessToken), reachSchema)) ??
    (await saveReach(session.accessToken, userClient()));
  return reach.all ? "all" : new Set(reach.queueIds);
}

/** In signed-in mode, the queues this person may see; null (public mode): every queue. */
export async function viewerQueues(session: UserSession | null): Promise<ReadonlySet<string> | null> {
  if (!session) return null;
  const visible = await visibleQueuesOf(session, () => userTokenClient(session.accessToken));
  return visible === "all" ? null : visible;
}
