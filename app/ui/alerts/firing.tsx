"use client";
/**
 * Firing alerts beside each queue, on the dashboard and the wallboard: `GET /api/alerts` every 30 s
 * (alerts change on a refresh or a live snapshot, not per second), shown as a marker with words and
 * a link to /alerts, never colour alone.
 */
import Link from "next/link";
import useSWR from "swr";
import styles from "./alerts.module.css";

type Active = { ruleId: string; queueId: string; metric: string };

const ALERTS_KEY = "/api/alerts";
const REFRESH_MS = 30_000;

async function fetchActive(url: string): Promise<Active[]> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) return [];
  const body = (await response.json()) as { active?: Active[] };
  return Array.isArray(body.active) ? body.active : [];
}

/** Rule ids firing per queue id; empty while loading or when alerts are off. */
export function useFiringAlerts(): Map<string, string[]> {
  // revalidateOnMount: the dashboard's SWRConfig turns it off for the report it server-renders; this has no fallback.
  const { data } = useSWR(ALERTS_KEY, fetchActive, { refreshInterval: REFRESH_MS, revalidateOnFocus: false, revalidateOnMount: true });
  const byQueue = new Map<string, string[]>();
  for (const a of data ?? []) byQueue.set(a.queueId, [...(byQueue.get(a.queueId) ?? []), a.ruleId]);
  return byQueue;
}

export function FiringBadge({ rules }: { rules: string[] | undefined }) {
  if (!rules?.length) return null;
  return (
    <Link href="/alerts" className={styles.badge} title={`Firing: ${rules.join(", ")}`} prefetch={false}>
      <span aria-hidden="true">▲</span> {rules.length === 1 ? "1 alert" : `${rules.length} alerts`}
    </Link>
  );
}
