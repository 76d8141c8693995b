import "server-only";
/**
 * Recording the scheduled refresh for the teaching page: every exchange its client makes, kept
 * redacted, then stored as the latest client-credentials trace.
 */
import type { Exchange } from "@/lib/genesys";
import type { RefreshSummary } from "@/lib/model/refresh-status";
import { describeApiCall, stepFromExchange, type BodyPolicy, type ClientCredentialsTrace, type TraceStep } from "./trace";

/** A refresh makes a call or two per view: the first dozen steps show the pattern. */
const MAX_STEPS = 12;

export type ClientCredentialsRecorder = {
  onExchange(exchange: Exchange): void;
  finish(summary: RefreshSummary, trigger: string): ClientCredentialsTrace;
};

export function clientCredentialsRecorder(loginUrl: string, bodies: BodyPolicy): ClientCredentialsRecorder {
  const steps: TraceStep[] = [];
  let omitted = 0;
  let tokenStep: TraceStep | undefined;
  return {
    onExchange(exchange) {
      const title =
        exchange.kind === "token" ? "Token request (client credentials, HTTP Basic)" : describeApiCall(exchange.method, exchange.url);
      const step = stepFromExchange(exchange, title, loginUrl, bodies);
      if (exchange.kind === "token") tokenStep = step;
      if (steps.length < MAX_STEPS) steps.push(step);
      else omitted += 1;
    },
    finish(summary, trigger) {
      return {
        grant: "client_credentials",
        recordedAt: summary.finishedAt,
        trigger,
        ok: summary.ok,
        durationMs: summary.durationMs,
        apiCalls: summary.apiCalls,
        tokenRequests: summary.tokenRequests,
        steps,
        omittedSteps: omitted,
        ...(tokenStep ? { lastTokenStep: tokenStep } : {}),
      };
    },
  };
}
