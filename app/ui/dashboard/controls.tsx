"use client";
/**
 * The view switcher and the media filter. Both write the URL (`?view=`, `?mediaType=`) with
 * history.pushState, which Next.js folds into its router: useSearchParams follows, SWR fetches
 * the new snapshot, and Back returns to the previous view. Without JavaScript the links and the
 * form still work as plain navigations rendered by the server.
 */
import { useCallback } from "react";
import { MediaOptions } from "./media-options";
import { MEDIA_FILTERS, isWallMode, selectionQuery, type MediaFilter, type Selection } from "./params";
import { ViewLinks } from "./view-links";

export function useSelectionNavigation(): (next: Selection) => void {
  return useCallback((next: Selection) => {
    const wall = isWallMode(new URLSearchParams(window.location.search));
    window.history.pushState(null, "", `${window.location.pathname}${selectionQuery(next, wall)}`);
  }, []);
}

const plainClick = (event: React.MouseEvent) => event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

export function ViewSwitcher({ selection, wall, onChange }: { selection: Selection; wall: boolean; onChange: (next: Selection) => void }) {
  return (
    <ViewLinks
      active={selection.view}
      href={(view) => selectionQuery({ ...selection, view }, wall)}
      onSelect={(view, event) => {
        if (!plainClick(event)) return;
        event.preventDefault();
        if (view !== selection.view) onChange({ ...selection, view });
      }}
    />
  );
}

export function MediaFilterSelect({
  selection,
  wall,
  onChange,
}: {
  selection: Selection;
  wall: boolean;
  onChange: (next: Selection) => void;
}) {
  return (
    <form method="get" className="media-filter" onSubmit={(event) => event.preventDefault()}>
      <label htmlFor="media-filter">Media type</label>
      <select
        id="media-filter"
        name="mediaType"
        value={selection.media ?? ""}
        onChange={(event) => {
          const value = event.target.value;
          const media = (MEDIA_FILTERS as readonly string[]).includes(value) ? (value as MediaFilter) : null;
          onChange({ ...selection, media });
        }}
      >
        <MediaOptions />
      </select>
      <input type="hidden" name="view" value={selection.view} />
      {wall ? <input type="hidden" name="wall" value="1" /> : null}
      <noscript>
        <button type="submit" className="button">
          Apply
        </button>
      </noscript>
    </form>
  );
}
