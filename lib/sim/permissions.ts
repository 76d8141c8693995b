/**
 * Permissions: what each route requires, and the 403 a token without it gets.
 *
 * Requirements as the official SDK documents each operation ("Requires ANY permissions" / "Requires
 * ALL permissions" / "Requires NO permissions", platform-client-sdk-javascript build/docs/
 * RoutingApi.md, AnalyticsApi.md, OrganizationApi.md, TokensApi.md, UsersApi.md):
 *   GET  /api/v2/routing/queues[/{queueId}]                    routing:queue:view
 *   POST /api/v2/analytics/conversations/aggregates/query      analytics:conversationAggregate:view
 *   POST /api/v2/analytics/conversations/details/query,
 *   GET  /api/v2/analytics/conversations/{id}/details,
 *   GET  /api/v2/analytics/conversations/details?id=…,
 *   the /api/v2/analytics/conversations/details/jobs family   analytics:conversationDetail:view
 *   POST /api/v2/analytics/queues/observations/query           analytics:queueObservation:view
 *   tokens/me, users/me, organizations/limits/…                none
 * The details routes also accept `analytics:agentConversationDetail:view` (the docs list it as the
 * alternative of an ANY requirement); that permission scopes the data to the agent's own
 * conversations, which a client-credentials client (no user) does not have, so the simulator does
 * not model it: only `analytics:conversationDetail:view` opens them.
 *
 * The 403 is the platform ErrorBody with code `missing.permissions` and the message template of the
 * platform swagger's x-inin-error-codes, "Unable to perform the requested action. You are missing
 * the following permission(s): %s", filled the way a real org fills it: with the list in square
 * brackets ("… permission(s): [conversation:webchat:create]", quoted from a real answer in
 * https://github.com/MyPureCloud/platform-client-sdk-python/issues/1).
 *
 * Client-credentials tokens get their client's permissions (its roles: "Roles and divisions only
 * apply to clients using the client_credential grant", model OAuthClient,
 * platform-client-sdk-dotnet docs/OAuthClient.md); user tokens have every permission here and are
 * narrowed by their user's divisions only.
 */
import { SimError } from "./errors";

export const PERMISSION = {
  queueView: "routing:queue:view",
  conversationAggregateView: "analytics:conversationAggregate:view",
  conversationDetailView: "analytics:conversationDetail:view",
  queueObservationView: "analytics:queueObservation:view",
} as const;
export type SimPermission = (typeof PERMISSION)[keyof typeof PERMISSION];

/** Every permission the simulator checks; the demo clients hold them all unless noted. */
export const SIM_PERMISSIONS: readonly SimPermission[] = Object.values(PERMISSION);

/** The 403 for a token that lacks `missing`. */
export function missingPermissions(missing: readonly string[]): SimError {
  return new SimError(
    403,
    "missing.permissions",
    `Unable to perform the requested action. You are missing the following permission(s): [${missing.join(", ")}]`,
    [],
    {},
    { messageParams: { permissions: missing.join(", ") } },
  );
}

/** Throw the 403 unless `granted` (null: every permission) holds `permission`. */
export function requirePermission(granted: ReadonlySet<string> | null, permission: SimPermission): void {
  if (granted !== null && !granted.has(permission)) throw missingPermissions([permission]);
}

/**
 * What `GET /api/v2/users/me?expand=authorization` lists for a user (model UserAuthorization,
 * platform-client-sdk-javascript build/docs/UsersApi.md): the supervisor's role also manages
 * queues; every other user holds the reporting permissions only. The simulator's choice of
 * roles, so a deployment's "all queues" permission (DASHBOARD_ALL_QUEUES_PERMISSION) can be tried.
 */
export const SUPERVISOR_EXTRA_PERMISSIONS = ["routing:queue:edit", "routing:queue:add"] as const;

export function userAuthorization(isSupervisor: boolean): { roles: { id: string; name: string }[]; permissions: string[] } {
  return isSupervisor
    ? { roles: [{ id: "sim-role-supervisor", name: "Supervisor" }], permissions: [...SIM_PERMISSIONS, ...SUPERVISOR_EXTRA_PERMISSIONS] }
    : { roles: [{ id: "sim-role-agent", name: "Agent" }], permissions: [...SIM_PERMISSIONS] };
}
