"use client";
/**
 * The announcer (announcer.ts) fed from the stream's event handler: the text of the page's polite
 * live region. The first snapshot heard is the baseline; a change held back by the quiet period is
 * said when the period ends, even if no new snapshot comes then.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { LiveSnapshot } from "@/lib/model/live-snapshot";
import { QUIET_ANNOUNCER, announce } from "./announcer";

export function useAnnouncer(): { message: string; hear: (snapshot: LiveSnapshot) => void } {
  const announcer = useRef(QUIET_ANNOUNCER);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [message, setMessage] = useState("");

  const hear = useCallback((snapshot: LiveSnapshot) => {
    const consider = () => {
      const result = announce(announcer.current, snapshot, Date.now());
      announcer.current = result.announcer;
      if (result.message) setMessage(result.message);
      if (result.retryAt !== null) timer.current = setTimeout(consider, Math.max(0, result.retryAt - Date.now()));
    };
    // A newer snapshot replaces the one a pending look was for.
    clearTimeout(timer.current);
    consider();
  }, []);

  useEffect(() => () => clearTimeout(timer.current), []);
  return { message, hear };
}
