import { describe, expect, it } from "vitest";
import { SIMULATOR_BASE_URL, simulatorFetch } from "@/lib/server/connection";
import { getEmbeddedSimulator } from "@/lib/server/embedded-simulator";
import { MISTAKES, runMistakeProbes, type MistakeId } from "@/lib/teaching/mistakes";
import { SIM_CLIENT_ID, SIM_CLIENT_SECRET } from "@/lib/sim";

/** What the simulator answers each wrong request: the status and the error code in the excerpt. */
const WRONG: Partial<Record<MistakeId, { status: number; code: string }>> = {
  "token-host": { status: 401, code: "authentication.required" },
  "basic-auth": { status: 400, code: "invalid_client" },
  "metric-names": { status: 400, code: "invalid.value" },
  "details-paging": { status: 400, code: "bad.request" },
};

describe("common mistakes", () => {
  it("lists exactly the six mistakes, the four API ones with probes and the others with consequences", () => {
    expect(MISTAKES.map((m) => m.id)).toEqual([
      "token-host",
      "basic-auth",
      "metric-names",
      "details-paging",
      "local-storage",
      "next-public",
    ]);
    expect(MISTAKES.filter((m) => m.probe).map((m) => m.id)).toEqual(Object.keys(WRONG));
    for (const m of MISTAKES.filter((m) => !m.probe)) expect(m.consequence?.wrong && m.consequence.right).toBeTruthy();
  });

  it("answers each wrong request with a 4xx and its error code, each right one with a 2xx", async () => {
    const answers = await runMistakeProbes();
    expect(answers.map((a) => a.id)).toEqual(Object.keys(WRONG));
    for (const answer of answers) {
      const expected = WRONG[answer.id]!;
      expect(answer.wrong.status, answer.id).toBe(expected.status);
      expect(answer.wrong.excerpt, answer.id).toContain(`"${expected.code}"`);
      expect(answer.right.status, answer.id).toBeGreaterThanOrEqual(200);
      expect(answer.right.status, answer.id).toBeLessThan(300);
      for (const side of [answer.wrong, answer.right]) expect(side.excerpt.length).toBeLessThanOrEqual(401);
    }
  });

  it("memoizes the answers: the simulator is deterministic", async () => {
    expect(await runMistakeProbes()).toBe(await runMistakeProbes());
  });

  it("never shows the client secret or a whole access token", async () => {
    const response = await simulatorFetch(getEmbeddedSimulator())(`${SIMULATOR_BASE_URL}/oauth/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${btoa(`${SIM_CLIENT_ID}:${SIM_CLIENT_SECRET}`)}` },
      body: "grant_type=client_credentials",
    });
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect(token.length).toBeGreaterThan(8);

    const text = JSON.stringify(await runMistakeProbes());
    expect(text).not.toContain(SIM_CLIENT_SECRET);
    expect(text).not.toContain(token);
    // The probes' own tokens: only a 4-character prefix of each is shown.
    const shown = [...text.matchAll(/\\"access_token\\":\\"([^"\\]*)\\"/g)].map((m) => m[1]);
    expect(shown).toHaveLength(2);
    for (const value of shown) expect(value).toMatch(/^[A-Za-z0-9_-]{4}…\(redacted\)$/);
  });
});
