/**
 * What each destination receives for one transition:
 * - the generic webhook: the JSON body README.md "Alerts" documents, exactly, signed when a secret is set;
 * - Slack: an incoming-webhook message (`text` as the notification's fallback, and Block Kit
 *   `section`/`context` blocks: https://api.slack.com/messaging/webhooks,
 *   https://api.slack.com/reference/block-kit/blocks);
 * - Microsoft Teams: a workflow ("When a Teams webhook request is received") message carrying an
 *   Adaptive Card (`attachments[].contentType` "application/vnd.microsoft.card.adaptive":
 *   https://learn.microsoft.com/en-us/connectors/teams/#microsoft-teams-webhook and
 *   https://adaptivecards.io/explorer/AdaptiveCard.html, version 1.4).
 */
import { createHmac } from "node:crypto";
import type { AlertTransition } from "./transition";

const METRIC_LABELS: Record<string, string> = {
  serviceLevel: "Service level",
  abandonRate: "Abandon rate",
  answerRate: "Answer rate",
  asaSeconds: "Average speed of answer",
  ahtSeconds: "Average handle time",
  offered: "Offered",
  waiting: "Waiting",
  longestWaitingSeconds: "Longest wait",
  onQueueAgents: "Agents on queue",
};

/** A value as a person reads it: rates in %, seconds as m:ss. */
export function formatAlertValue(metric: string, value: number | null): string {
  if (value === null) return "no data";
  if (metric.endsWith("Rate") || metric === "serviceLevel") return `${(value * 100).toFixed(1)} %`;
  if (metric.endsWith("Seconds")) {
    const s = Math.round(value);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }
  return String(value);
}

/** One sentence: "Sales: Service level 62.0 % (< 80.0 %) since 14:05 UTC". */
export function alertSentence(t: AlertTransition): string {
  const label = METRIC_LABELS[t.metric] ?? t.metric;
  const against = `${t.op} ${formatAlertValue(t.metric, t.threshold)}`;
  const when = `${t.at.slice(11, 16)} UTC`;
  return t.state === "firing"
    ? `${t.queueName}: ${label} ${formatAlertValue(t.metric, t.value)} (${against}) since ${when}`
    : `${t.queueName}: ${label} back to ${formatAlertValue(t.metric, t.value)} (alert was ${against}) at ${when}`;
}

export function webhookBody(t: AlertTransition): string {
  const { id, ruleId, state, queueId, queueName, metric, value, threshold, op, at, url } = t;
  return JSON.stringify({ id, ruleId, state, queueId, queueName, metric, value, threshold, op, at, url });
}

/** `X-Alert-Signature: sha256=<hex HMAC-SHA256 of the raw body>` (the scheme GitHub's webhooks use). */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

const isLink = (url: string) => /^https?:\/\//.test(url);

export function slackBody(t: AlertTransition): string {
  const icon = t.state === "firing" ? ":rotating_light:" : ":white_check_mark:";
  const sentence = alertSentence(t);
  const link = isLink(t.url) ? ` <${t.url}|Open the queue>` : "";
  return JSON.stringify({
    text: `${t.state === "firing" ? "Alert" : "Resolved"}: ${sentence}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `${icon} *${t.state === "firing" ? "Alert" : "Resolved"}*: ${sentence}.${link}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: `rule \`${t.ruleId}\` · transition ${t.id}` }] },
    ],
  });
}

export function teamsBody(t: AlertTransition): string {
  const firing = t.state === "firing";
  const card = {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: "1.4",
    body: [
      { type: "TextBlock", size: "Medium", weight: "Bolder", color: firing ? "Attention" : "Good", text: firing ? "Alert" : "Resolved" },
      { type: "TextBlock", wrap: true, text: alertSentence(t) },
      {
        type: "FactSet",
        facts: [
          { title: "Queue", value: t.queueName },
          { title: "Value", value: formatAlertValue(t.metric, t.value) },
          { title: "Threshold", value: `${t.op} ${formatAlertValue(t.metric, t.threshold)}` },
          { title: "Rule", value: t.ruleId },
        ],
      },
    ],
    ...(isLink(t.url) ? { actions: [{ type: "Action.OpenUrl", title: "Open the queue", url: t.url }] } : {}),
  };
  return JSON.stringify({
    type: "message",
    attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: card }],
  });
}
