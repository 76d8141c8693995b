/**
 * The wall screen's grid: every tile on one screen, no scrolling (nobody scrolls a TV). The page
 * cannot know the screen before it renders, so it assumes the usual 16:9 TV, of which the tiles get
 * what the title and the totals leave (about four fifths of the height), and picks the column count
 * whose tiles come closest to TILE_ASPECT: wide enough for a name and four agent figures in a row,
 * tall enough for the large waiting count. The tiles' type then scales with their size (CSS
 * container units), so another screen shape still fits, only less snugly.
 */
const TILE_AREA_ASPECT = (16 / 9) * (1 / 0.8);
const TILE_ASPECT = 1.35;

export type WallGrid = { columns: number; rows: number };

export function wallGrid(tiles: number, areaAspect = TILE_AREA_ASPECT): WallGrid {
  if (tiles <= 1) return { columns: 1, rows: 1 };
  let best: WallGrid & { misfit: number } = { columns: 1, rows: tiles, misfit: Infinity };
  for (let columns = 1; columns <= tiles; columns++) {
    const rows = Math.ceil(tiles / columns);
    // Fewer columns than needed for these rows leaves a whole empty row: never better.
    if (Math.ceil(tiles / rows) < columns) continue;
    const aspect = (areaAspect * rows) / columns;
    const misfit = Math.abs(Math.log(aspect / TILE_ASPECT));
    if (misfit < best.misfit) best = { columns, rows, misfit };
  }
  return { columns: best.columns, rows: best.rows };
}
