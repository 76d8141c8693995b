import type { Metadata } from "next";
import { isWallMode } from "@/app/ui/dashboard/params";
import type { SearchParams } from "@/app/ui/dashboard/load";
import { loadLive } from "@/app/ui/live/load";
import { liveStreamUrl } from "@/app/ui/live/params";
import { LiveProblem } from "@/app/ui/live/live-problem";
import { QueuePicker } from "@/app/ui/live/queue-picker";
import { LiveWallboard } from "@/app/ui/live/wallboard";

export const metadata: Metadata = { title: "Live · Genesys Cloud queue dashboard" };

/** The live wallboard: queue state now, from the server's snapshot and then the stream (app/ui/live). */
export default async function LivePage({ searchParams }: { searchParams: SearchParams }) {
  const wall = isWallMode(await searchParams);
  const loaded = await loadLive(searchParams, wall);
  if ("notice" in loaded) return loaded.notice;
  if ("problem" in loaded) return <LiveProblem message={loaded.problem} />;
  return (
    <LiveWallboard
      // A new filter is a new stream and a new baseline for the announcer.
      key={liveStreamUrl(loaded.selection)}
      initial={loaded.initial}
      selection={loaded.selection}
      wall={wall}
      renderedAt={loaded.renderedAt}
      controls={wall ? undefined : <QueuePicker queues={loaded.allQueues} selection={loaded.selection} />}
    />
  );
}
