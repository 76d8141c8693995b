"use client";
/**
 * The dashboard's data: SWR over the snapshot and health routes. The server render hands its
 * snapshot over as `fallback`, so the first paint has numbers and SWR only revalidates (every
 * minute, on focus, on reconnect).
 */
import useSWR, { SWRConfig } from "swr";
import type { QueueReport } from "@/lib/model/queue-report";
import type { Health } from "@/lib/reports/health";
import { HEALTH_KEY, reportKey, type Selection } from "./params";

/** An answer the API gave with its error envelope, or a network failure. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
  } catch {
    throw new ApiError("The dashboard server could not be reached.", 0);
  }
  const body: unknown = await response.json().catch(() => null);
  return { status: response.status, body };
}

function errorOf(body: unknown): { code?: string; message?: string } {
  if (body && typeof body === "object" && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === "object") return error as { code?: string; message?: string };
  }
  return {};
}

/** A view's snapshot; `null` when it has never been refreshed (404 not_refreshed). */
export async function fetchReport(url: string): Promise<QueueReport | null> {
  const { status, body } = await getJson(url);
  if (status === 200) return body as QueueReport;
  const error = errorOf(body);
  if (status === 404 && error.code === "not_refreshed") return null;
  throw new ApiError(error.message ?? `The report route answered ${status}.`, status, error.code);
}

async function fetchHealth(url: string): Promise<Health> {
  const { status, body } = await getJson(url);
  if (status === 200) return body as Health;
  throw new ApiError(`The health route answered ${status}.`, status);
}

export const REFRESH_INTERVAL_MS = 60_000;

export function DashboardData({ fallback, children }: { fallback: Record<string, unknown>; children: React.ReactNode }) {
  return (
    <SWRConfig
      value={{
        fallback,
        refreshInterval: REFRESH_INTERVAL_MS,
        revalidateOnFocus: true,
        // The server read the store for this very response: asking again on mount would only
        // re-render the charts with the same numbers. Polling and focus keep them current.
        revalidateOnMount: false,
        dedupingInterval: 5_000,
      }}
    >
      {children}
    </SWRConfig>
  );
}

export function useReport(selection: Selection) {
  return useSWR<QueueReport | null, ApiError>(reportKey(selection), fetchReport);
}

export function useHealth() {
  return useSWR<Health, ApiError>(HEALTH_KEY, fetchHealth);
}
