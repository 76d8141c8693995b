import { describe, expect, it } from "vitest";
import { RecentIds } from "@/lib/export/dedupe";

describe("RecentIds", () => {
  it("remembers the last `capacity` ids, first in first out, and never more", () => {
    const ids = new RecentIds(3);
    expect(["a", "b", "c"].map((id) => ids.seen(id))).toEqual([false, false, false]);
    expect(ids.seen("a")).toBe(true);
    expect(ids.seen("d")).toBe(false); // evicts a
    expect(ids.size).toBe(3);
    expect(ids.seen("a")).toBe(false); // forgotten, remembered again (evicts b)
    expect(ids.seen("b")).toBe(false);
    expect(ids.seen("c")).toBe(false); // c was evicted by b
    for (let i = 0; i < 1000; i++) ids.seen(`x${i}`);
    expect(ids.size).toBe(3);
  });
});
