/**
 * "Common mistakes": each wrong snippet beside the right one. For the API mistakes both requests
 * really ran against the built-in simulator, and its answers are shown under each snippet, named
 * as the simulator's: Genesys does not document what it answers the wrong requests.
 * Server-rendered: the probes run in-process and nothing here needs the browser.
 */
import { MISTAKES, runMistakeProbes, type Mistake, type MistakeAnswer, type ProbeAnswer, type Snippet } from "@/lib/teaching/mistakes";
import styles from "./grants.module.css";

type Side = "wrong" | "right";

const SIDE_LABEL: Record<Side, string> = { wrong: "Wrong", right: "Right" };
// A mark as well as a colour and a word, so no side is told apart by colour alone.
const SIDE_MARK: Record<Side, string> = { wrong: "✕", right: "✓" };

function SimulatorAnswer({ answer, side, documented }: { answer: ProbeAnswer; side: Side; documented?: string }) {
  return (
    <div className={styles.answer} data-testid={`answer-${side}`}>
      <p className={styles.answerTitle}>
        The simulator answers:{" "}
        <strong>
          {answer.status} {answer.code ?? answer.statusText}
        </strong>
        {documented ? ` (not Genesys Cloud’s answer). ${documented}` : null}
      </p>
      <pre className={styles.answerBody}>{`${answer.request}\n→ ${answer.status} ${answer.statusText}\n${answer.excerpt}`}</pre>
    </div>
  );
}

function Column({ mistake, side, answer, probeError }: { mistake: Mistake; side: Side; answer?: ProbeAnswer; probeError?: string }) {
  const snippet: Snippet = mistake[side];
  return (
    <div className={`${styles.column} ${side === "wrong" ? styles.wrong : styles.right}`}>
      <figure className={styles.snippet}>
        <figcaption>
          <span className={styles.mark} aria-hidden="true">
            {SIDE_MARK[side]}
          </span>
          <strong>{SIDE_LABEL[side]}</strong> <span className={styles.snippetLabel}>{snippet.label}</span>
        </figcaption>
        <pre>
          <code>{snippet.code}</code>
        </pre>
      </figure>
      {answer && (
        <SimulatorAnswer
          answer={answer}
          side={side}
          {...(side === "wrong" && mistake.probe ? { documented: mistake.probe.documented } : {})}
        />
      )}
      {mistake.probe && !answer && probeError && (
        <p className={styles.consequence} role="status">
          The simulator could not be asked: {probeError}
        </p>
      )}
      {mistake.consequence && (
        <p className={styles.consequence} data-testid={`answer-${side}`}>
          {mistake.consequence[side]}
        </p>
      )}
    </div>
  );
}

export async function CommonMistakes() {
  let answers: MistakeAnswer[] = [];
  let probeError: string | undefined;
  try {
    answers = await runMistakeProbes();
  } catch (error) {
    probeError = error instanceof Error ? error.message : String(error);
  }
  const byId = new Map(answers.map((a) => [a.id, a]));

  return (
    <section aria-labelledby="mistakes-heading" data-testid="mistakes" className={styles.mistakes}>
      <h2 id="mistakes-heading">Common mistakes</h2>
      <p className={styles.intro}>
        Tutorials on the web make these. Each wrong snippet stands beside the right one; for the four API mistakes, both requests were sent
        to the built-in simulator and its answers are shown. Genesys documents the right requests, not what it answers the wrong ones: those
        answers are the simulator’s.
      </p>
      {MISTAKES.map((mistake) => {
        const answer = byId.get(mistake.id);
        return (
          <article
            key={mistake.id}
            data-testid={`mistake-${mistake.id}`}
            aria-labelledby={`mistake-${mistake.id}-title`}
            className={styles.mistake}
          >
            <h3 id={`mistake-${mistake.id}-title`}>{mistake.title}</h3>
            <div className={styles.columns}>
              <Column mistake={mistake} side="wrong" answer={answer?.wrong} probeError={probeError} />
              <Column mistake={mistake} side="right" answer={answer?.right} probeError={probeError} />
            </div>
            <p className={styles.why}>
              <strong>Why:</strong> {mistake.why}
            </p>
            <p className={styles.source}>
              {mistake.sources.length === 1 ? "Source: " : "Sources: "}
              {mistake.sources.map((source, i) => (
                <span key={source.href}>
                  {i > 0 ? "; " : null}
                  <cite>
                    <a href={source.href} rel="noreferrer">
                      {source.label}
                    </a>
                  </cite>
                </span>
              ))}
            </p>
          </article>
        );
      })}
    </section>
  );
}
