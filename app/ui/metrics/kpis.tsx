"use client";
/** The headline numbers: one card per metric, thresholds marked by shape and words, not colour alone. */
import type { QueueMetrics } from "@/lib/model/queue-report";
import { formatSeconds, groupedCount, percent } from "../format";
import {
  ABANDON_WORDS,
  LevelMarker,
  SERVICE_LEVEL_TARGET,
  SERVICE_LEVEL_WORDS,
  abandonLevel,
  serviceLevelLevel,
  type Level,
} from "./thresholds";

type Card = { id: string; label: string; value: string; note?: string; level?: Level | null; words?: Record<Level, string> };

export function KpiCards({ metrics, label }: { metrics: QueueMetrics; label: string }) {
  const sl = serviceLevelLevel(metrics.serviceLevel);
  const ab = abandonLevel(metrics.abandonRate);
  const cards: Card[] = [
    { id: "offered", label: "Offered", value: groupedCount(metrics.offered) },
    {
      id: "answered",
      label: "Answered",
      value: groupedCount(metrics.answered),
      note: metrics.answerRate === null ? undefined : `${percent(metrics.answerRate)} of offered`,
    },
    {
      id: "abandon-rate",
      label: "Abandon rate",
      value: percent(metrics.abandonRate),
      note: `${groupedCount(metrics.abandoned)} abandoned`,
      level: ab,
      words: ABANDON_WORDS,
    },
    { id: "asa", label: "ASA", value: formatSeconds(metrics.asaSeconds), note: "average speed of answer" },
    { id: "aht", label: "AHT", value: formatSeconds(metrics.ahtSeconds), note: "average handle time" },
    {
      id: "service-level",
      label: "Service level",
      value: percent(metrics.serviceLevel),
      note: `target ${percent(SERVICE_LEVEL_TARGET, 0)}`,
      level: sl,
      words: SERVICE_LEVEL_WORDS,
    },
  ];
  return (
    <section aria-label={label} className="kpis">
      {cards.map((card) => (
        <div className={`kpi${card.level ? ` level-${card.level}` : ""}`} key={card.id} data-testid={`kpi-${card.id}`}>
          <span className="kpi-label">{card.label}</span>
          <span className="kpi-value">
            <span className="kpi-number">{card.value}</span>
            {card.words ? <LevelMarker level={card.level ?? null} words={card.words} /> : null}
          </span>
          {card.note ? <span className="kpi-note">{card.note}</span> : null}
        </div>
      ))}
    </section>
  );
}
