/** The wall screen's grid: every tile on one screen, tiles close to their designed shape. */
import { describe, expect, it } from "vitest";
import { wallGrid } from "@/app/ui/live/wall-grid";

describe("the wall grid", () => {
  it("puts the simulator's 14 queues in 5 columns of 3 rows on a 16:9 screen", () => {
    expect(wallGrid(14)).toEqual({ columns: 5, rows: 3 });
  });

  it("always has a cell for every tile and never a whole empty row", () => {
    for (let n = 1; n <= 120; n++) {
      const { columns, rows } = wallGrid(n);
      expect(columns * rows, `${n} tiles`).toBeGreaterThanOrEqual(n);
      expect((rows - 1) * columns, `${n} tiles`).toBeLessThan(n);
    }
  });

  it("gives one tile the whole screen and lays few tiles side by side", () => {
    expect(wallGrid(0)).toEqual({ columns: 1, rows: 1 });
    expect(wallGrid(1)).toEqual({ columns: 1, rows: 1 });
    expect(wallGrid(2)).toEqual({ columns: 2, rows: 1 });
  });
});
