/**
 * GET /api/v2/routing/queues[/{queueId}] (platform-client-sdk-javascript build/docs/RoutingApi.md,
 * `getRoutingQueues`): pageNumber/pageSize paging sorted by name, `name` with leading/trailing
 * `*`, and `id` / `divisionId` given either repeated (`id=a&id=b`, the swagger's "multi") or
 * comma-joined (`id=a,b`, what the JS SDK sends: its ApiClient.js `serialize` joins arrays with
 * commas).
 */
import { badRequest, notFound } from "./errors";
import type { SimOrg, SimQueue } from "./org";

const QUEUES_PATH = "/api/v2/routing/queues";

export function queueJson(q: SimQueue): Record<string, unknown> {
  const media = (m: "voice" | "chat" | "email" | "message") => ({
    alertingTimeoutSeconds: q.alertingTimeoutSeconds[m],
    serviceLevel: { percentage: q.serviceLevel[m].percentage, durationMs: q.serviceLevel[m].durationMs },
  });
  return {
    id: q.id,
    name: q.name,
    division: { id: q.divisionId, name: q.divisionName, selfUri: `/api/v2/authorization/divisions/${q.divisionId}` },
    description: q.description,
    dateCreated: q.dateCreated,
    dateModified: q.dateCreated,
    memberCount: q.memberUserIndexes.length,
    userMemberCount: q.memberUserIndexes.length,
    joinedMemberCount: q.memberUserIndexes.length,
    mediaSettings: {
      call: media("voice"),
      callback: media("voice"),
      chat: media("chat"),
      email: media("email"),
      message: media("message"),
    },
    acwSettings: { wrapupPrompt: "MANDATORY_TIMEOUT", timeoutMs: 120_000 },
    skillEvaluationMethod: "ALL",
    autoAnswerOnly: false,
    enableTranscription: false,
    enableManualAssignment: false,
    selfUri: `${QUEUES_PATH}/${q.id}`,
  };
}

/** Values of a multi-valued query parameter in either wire form. */
export function multiParam(params: URLSearchParams, name: string): string[] | null {
  const raw = [...params.getAll(name), ...params.getAll(`${name}[]`)];
  if (raw.length === 0) return null;
  return raw
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

function intParam(params: URLSearchParams, name: string, dflt: number): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n))
    throw badRequest(`Value [${raw}] is not valid for field type [${name}]: expected an integer.`, name, "invalid.value");
  return n;
}

function nameMatcher(pattern: string): (name: string) => boolean {
  const p = pattern.toLowerCase();
  const lead = p.startsWith("*");
  const trail = p.endsWith("*") && p.length > 1;
  const core = p.slice(lead ? 1 : 0, trail ? -1 : undefined);
  return (name) => {
    const n = name.toLowerCase();
    if (lead && trail) return n.includes(core);
    if (lead) return n.endsWith(core);
    if (trail) return n.startsWith(core);
    return n === core;
  };
}

export function listQueues(org: SimOrg, params: URLSearchParams, reach: string[] | null, maxPageSize: number): object {
  const pageSize = intParam(params, "pageSize", 25);
  const pageNumber = intParam(params, "pageNumber", 1);
  if (pageSize < 1 || pageSize > maxPageSize) {
    throw badRequest(
      `Value [${pageSize}] is not valid for field [pageSize]: it must be between 1 and ${maxPageSize}.`,
      "pageSize",
      "invalid.value",
    );
  }
  if (pageNumber < 1)
    throw badRequest(`Value [${pageNumber}] is not valid for field [pageNumber]: it must be 1 or more.`, "pageNumber", "invalid.value");
  const sortOrder = (params.get("sortOrder") ?? "asc").toLowerCase();
  if (sortOrder !== "asc" && sortOrder !== "desc") {
    throw badRequest(
      `Value [${sortOrder}] is not valid for field type [sortOrder]. Allowable values are: asc, desc`,
      "sortOrder",
      "invalid.value",
    );
  }

  const ids = multiParam(params, "id");
  const divisionIds = multiParam(params, "divisionId");
  const name = params.get("name");
  const match = name ? nameMatcher(name) : null;
  const reachSet = reach ? new Set(reach) : null;
  const idSet = ids ? new Set(ids) : null;
  const divSet = divisionIds ? new Set(divisionIds) : null;

  const all = org.queues
    .filter(
      (q) =>
        (!reachSet || reachSet.has(q.divisionId)) &&
        (!idSet || idSet.has(q.id)) &&
        (!divSet || divSet.has(q.divisionId)) &&
        (!match || match(q.name)),
    )
    .sort((a, b) => a.name.localeCompare(b.name, "en") || a.id.localeCompare(b.id));
  if (sortOrder === "desc") all.reverse();

  const total = all.length;
  const pageCount = Math.ceil(total / pageSize);
  const entities = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(queueJson);

  // The *Uri fields repeat the filters so following nextUri keeps the same listing.
  const uri = (page: number) => {
    const u = new URLSearchParams();
    u.set("pageSize", String(pageSize));
    u.set("pageNumber", String(page));
    if (params.has("sortOrder")) u.set("sortOrder", sortOrder);
    if (name) u.set("name", name);
    if (ids) u.set("id", ids.join(","));
    if (divisionIds) u.set("divisionId", divisionIds.join(","));
    return `${QUEUES_PATH}?${u.toString()}`;
  };
  return {
    entities,
    pageSize,
    pageNumber,
    total,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: uri(Math.min(pageNumber - 1, Math.max(pageCount, 1))) } : {}),
    lastUri: uri(Math.max(pageCount, 1)),
    pageCount,
  };
}

export function getQueue(org: SimOrg, id: string, reach: string[] | null): object {
  const q = org.queueById.get(id);
  if (!q || (reach && !reach.includes(q.divisionId))) throw notFound(`Queue ${id} was not found.`);
  return queueJson(q);
}
