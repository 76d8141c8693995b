"use client";
/**
 * One clock for every ticking figure on the page (the longest waits, "updated N s ago"), ticking on
 * the second, so they all move together and one timer runs however many tiles there are. Until
 * hydration is done it reads the server's render time, so the first client render matches the HTML.
 */
import { useSyncExternalStore } from "react";

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | null = null;

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
  // On the next whole second: a clock whose seconds change at random moments looks broken.
  timer = setTimeout(tick, 1000 - (now % 1000));
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) tick();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

/** The browser's time, in ms, updated every second; `renderedAt` (the server's) until hydrated. */
export function useSecondClock(renderedAt: number): number {
  return useSyncExternalStore(
    subscribe,
    () => now,
    () => renderedAt,
  );
}
