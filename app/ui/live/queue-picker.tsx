/**
 * Which queues and media type the wallboard shows, and the way to the TV view. A plain GET form to
 * /live: it works without JavaScript, and its checkboxes arrive as repeated `queues=` (params.ts
 * reads both that and a link's `queues=ID,ID`). None checked shows every queue.
 */
import Link from "next/link";
import { MediaOptions } from "../dashboard/media-options";
import { livePageHref, type LiveSelection } from "./params";

export function QueuePicker({ queues, selection }: { queues: readonly { queueId: string; name: string }[]; selection: LiveSelection }) {
  const chosen = new Set(selection.queueIds ?? []);
  return (
    <div className="controls live-controls">
      <details className="live-picker" data-testid="live-picker">
        <summary>Choose queues{chosen.size ? ` (${chosen.size} of ${queues.length})` : ""}</summary>
        <form method="get" action="/live">
          <fieldset>
            <legend>Queues (none checked: every queue)</legend>
            <div className="live-picker-queues">
              {queues.map((q) => (
                <label key={q.queueId}>
                  <input type="checkbox" name="queues" value={q.queueId} defaultChecked={chosen.has(q.queueId)} /> {q.name}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="live-picker-actions">
            <label htmlFor="live-media">Media type</label>
            <select id="live-media" name="mediaType" defaultValue={selection.mediaType ?? ""}>
              <MediaOptions />
            </select>
            <button type="submit" className="button button-primary">
              Show
            </button>
          </div>
        </form>
      </details>
      <Link href={livePageHref(selection, true)} className="button" data-testid="live-tv-link">
        TV view
      </Link>
    </div>
  );
}
