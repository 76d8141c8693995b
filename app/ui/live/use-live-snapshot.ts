"use client";
/**
 * The wallboard's data after the server's first snapshot: one EventSource on /api/live/stream with
 * the page's filter. The server sends the whole LiveSnapshot on connect and on every change, so
 * there is nothing to poll; a dropped connection is reconnected by the browser after the server's
 * `retry:` hint, and the first event after it brings the page up to date.
 *
 * The browser gives up for good only when the stream is refused (not a 200 event stream: the store
 * down, a session expired). Then this hook opens a new one after a growing pause, so a wall screen
 * left alone recovers by itself.
 */
// First: zod must know before the snapshot's schemas are built (zod-without-eval.ts).
import "./zod-without-eval";
import { useEffect, useRef, useState } from "react";
import { liveSnapshotSchema, type LiveSnapshot } from "@/lib/model/live-snapshot";

/** "idle": no stream yet (the server's HTML, or before the first open); "open": events flow. */
export type LiveConnection = "idle" | "open" | "reconnecting";

const REOPEN_MIN_MS = 5_000;
const REOPEN_MAX_MS = 60_000;

/** An event's data as a LiveSnapshot, or null when it is not one (ignored: the last good one stays). */
export function parseSnapshotEvent(data: string): LiveSnapshot | null {
  try {
    const parsed = liveSnapshotSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `onSnapshot`: called with each valid snapshot as it arrives (stable, or the stream reopens). */
export function useLiveSnapshot(
  streamUrl: string,
  initial: LiveSnapshot | null,
  onSnapshot?: (snapshot: LiveSnapshot) => void,
): { snapshot: LiveSnapshot | null; connection: LiveConnection } {
  const [snapshot, setSnapshot] = useState(initial);
  const [connection, setConnection] = useState<LiveConnection>("idle");
  // Bumped to open a new EventSource after the browser gave one up.
  const [generation, setGeneration] = useState(0);
  // Refusals in a row, for the pause before the next attempt.
  const refusals = useRef(0);

  useEffect(() => {
    const source = new EventSource(streamUrl);
    let reopen: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener("open", () => {
      refusals.current = 0;
      setConnection("open");
    });
    source.addEventListener("snapshot", (event) => {
      const next = parseSnapshotEvent((event as MessageEvent<string>).data);
      if (!next) return;
      setSnapshot(next);
      onSnapshot?.(next);
    });
    source.addEventListener("error", () => {
      setConnection("reconnecting");
      if (source.readyState !== EventSource.CLOSED) return; // the browser retries by itself
      const pause = Math.min(REOPEN_MAX_MS, REOPEN_MIN_MS * 2 ** refusals.current);
      refusals.current += 1;
      reopen = setTimeout(() => setGeneration((g) => g + 1), pause);
    });
    return () => {
      clearTimeout(reopen);
      source.close();
    };
  }, [streamUrl, generation, onSnapshot]);

  return { snapshot, connection };
}
