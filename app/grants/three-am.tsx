"use client";
/**
 * The 3 AM demonstration: one button runs both halves on the server (lib/teaching/unattended.ts)
 * and shows what happened, step by step, with the real answers.
 */
import { useActionState } from "react";
import { runAtThreeAmAction, type ThreeAmState } from "./actions";
import { StepDetails } from "./sequence";
import styles from "./trace.module.css";

function Outcome({ ok, children }: { ok: boolean; children: React.ReactNode }) {
  return <span className={`${styles.outcome} ${ok ? styles.outcomeOk : styles.outcomeBlocked}`}>{children}</span>;
}

export function ThreeAmDemo() {
  const [state, run, pending] = useActionState<ThreeAmState, FormData>(runAtThreeAmAction, null);
  return (
    <div>
      <form action={run}>
        <button type="submit" className="button button-primary" disabled={pending} data-testid="run-3am">
          {pending ? "Running…" : "Run both now, as a 3 AM job would"}
        </button>
      </form>
      <div aria-live="polite">
        {state && "error" in state && (
          <p className="alert alert-error" role="alert">
            {state.error}
          </p>
        )}
        {state && "run" in state && (
          <div className={styles.columns} style={{ marginTop: "1rem" }}>
            <section className={styles.panel} data-testid="3am-client-credentials" aria-labelledby="three-am-cc">
              <h3 id="three-am-cc">
                Client credentials:{" "}
                <Outcome ok={state.run.clientCredentials.ok}>{state.run.clientCredentials.ok ? "succeeded" : "failed"}</Outcome>
              </h3>
              {state.run.clientCredentials.ok ? (
                <p>
                  {state.run.clientCredentials.shared
                    ? "A refresh had just run (within 30 seconds), so this is its result rather than a second one: "
                    : "No person involved: "}
                  {state.run.clientCredentials.viewsOk} of {state.run.clientCredentials.views} views refreshed for{" "}
                  {state.run.clientCredentials.queues} queues with {state.run.clientCredentials.apiCalls} API calls and{" "}
                  {state.run.clientCredentials.tokenRequests} token request
                  {state.run.clientCredentials.tokenRequests === 1 ? "" : "s"} (
                  {state.run.clientCredentials.tokenRequests === 0 ? "the cached token was reused" : "a new token"}), in{" "}
                  {state.run.clientCredentials.durationMs} ms.
                </p>
              ) : (
                <p>{state.run.clientCredentials.error}</p>
              )}
              {state.run.clientCredentials.steps.map((step, index) => (
                <details key={index}>
                  <summary>
                    {step.title}: HTTP {step.status}, {step.durationMs} ms
                  </summary>
                  <StepDetails step={step} />
                </details>
              ))}
            </section>
            <section className={styles.panel} data-testid="3am-user-delegated" aria-labelledby="three-am-pkce">
              <h3 id="three-am-pkce">
                Authorization code + PKCE: <Outcome ok={false}>needs a person</Outcome>
              </h3>
              <ol className={styles.attempts}>
                {state.run.userDelegated.map((attempt, index) => (
                  <li key={index} data-testid="3am-attempt">
                    <strong>{attempt.title}</strong>{" "}
                    <Outcome ok={attempt.outcome === "ok"}>{attempt.outcome === "ok" ? "works" : "cannot work unattended"}</Outcome>
                    <p>{attempt.why}</p>
                    {attempt.step && (
                      <details>
                        <summary>
                          What was sent and answered: {attempt.step.method} →{" "}
                          {attempt.step.status === 0 ? "no answer" : `HTTP ${attempt.step.status}`}
                        </summary>
                        <StepDetails step={attempt.step} />
                      </details>
                    )}
                  </li>
                ))}
              </ol>
            </section>
          </div>
        )}
      </div>
    </div>
  );
}
