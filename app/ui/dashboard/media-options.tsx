import { MEDIA_FILTERS, MEDIA_LABELS } from "./params";

/** The media-type choices of a `<select>`: all media first (value ""), then each type the dashboard filters by. */
export function MediaOptions() {
  return (
    <>
      <option value="">{MEDIA_LABELS.all}</option>
      {MEDIA_FILTERS.map((m) => (
        <option key={m} value={m}>
          {MEDIA_LABELS[m]}
        </option>
      ))}
    </>
  );
}
