/** The live routes' query string (`?queueId=ID,ID&mediaType=voice`), validated before anything is read. */
import { z } from "zod";
import { mediaType, type MediaType } from "@/lib/genesys/schemas";

/** A wallboard of more queues than one observations query holds is not readable anyway. */
export const MAX_LIVE_QUEUE_IDS = 200;
const QUEUE_ID = /^[A-Za-z0-9-]{1,64}$/;

const liveQuery = z.strictObject({
  queueId: z
    .string()
    .transform((v) => v.split(",").filter(Boolean))
    .pipe(
      z
        .array(z.string().regex(QUEUE_ID, { error: "queueId must be a comma-separated list of queue ids" }))
        .min(1, { error: "queueId must name at least one queue" })
        .max(MAX_LIVE_QUEUE_IDS, { error: `queueId may name at most ${MAX_LIVE_QUEUE_IDS} queues` }),
    )
    .optional(),
  mediaType: z.enum(mediaType.options, { error: `mediaType must be one of ${mediaType.options.join(", ")}` }).optional(),
});

export type LiveRequest = { queueIds?: string[]; mediaType?: MediaType };
export type LiveBadRequest = { code: "bad_request"; message: string; field: string };

export function parseLiveRequest(search: URLSearchParams): LiveRequest | LiveBadRequest {
  const params: Record<string, string> = {};
  for (const [key, value] of search) {
    if (key in params) return { code: "bad_request", message: `${key} may be given once`, field: key };
    params[key] = value;
  }
  const parsed = liveQuery.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? (issue.code === "unrecognized_keys" ? issue.keys[0] : undefined) ?? "query");
    const message = issue.code === "unrecognized_keys" ? `unknown parameter ${field}: use queueId or mediaType` : issue.message;
    return { code: "bad_request", message, field };
  }
  return {
    ...(parsed.data.queueId ? { queueIds: parsed.data.queueId } : {}),
    ...(parsed.data.mediaType ? { mediaType: parsed.data.mediaType } : {}),
  };
}

export function isLiveBadRequest(value: LiveRequest | LiveBadRequest): value is LiveBadRequest {
  return "code" in value;
}
