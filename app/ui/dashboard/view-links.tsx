/**
 * The report views as a row of links, the current one marked: the dashboard's switcher
 * (controls.tsx, which also handles the click in the browser) and My view's (server-rendered).
 */
import { VIEW_LABELS, VIEW_NAMES, type ViewName } from "@/lib/reports/views";

export function ViewLinks({
  active,
  href,
  onSelect,
}: {
  active: string | undefined;
  href: (view: ViewName) => string;
  onSelect?: (view: ViewName, event: React.MouseEvent) => void;
}) {
  return (
    <nav aria-label="Report view" className="view-switcher">
      <ul>
        {VIEW_NAMES.map((view) => (
          <li key={view}>
            <a
              href={href(view)}
              aria-current={view === active ? "page" : undefined}
              className={view === active ? "segment segment-active" : "segment"}
              onClick={onSelect && ((event) => onSelect(view, event))}
            >
              {VIEW_LABELS[view]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
