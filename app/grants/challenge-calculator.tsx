"use client";
/**
 * Compute a code_challenge in your own browser (Web Crypto), to see that S256 is nothing more than
 * BASE64URL(SHA-256(code_verifier)). Starts with RFC 7636's own example (Appendix B).
 */
import { useEffect, useState } from "react";

const RFC_7636_EXAMPLE = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

async function s256(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  let binary = "";
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function ChallengeCalculator() {
  const [verifier, setVerifier] = useState(RFC_7636_EXAMPLE);
  const [challenge, setChallenge] = useState("");
  const valid = VERIFIER.test(verifier);
  useEffect(() => {
    let current = true;
    if (valid) void s256(verifier).then((value) => current && setChallenge(value));
    return () => {
      current = false;
    };
  }, [verifier, valid]);
  return (
    <div className="explain" data-testid="challenge-calculator">
      <label htmlFor="verifier-input">
        <strong>Try it in your browser:</strong> a code_verifier (43–128 characters of A–Z a–z 0–9 - . _ ~)
      </label>
      <input
        id="verifier-input"
        value={verifier}
        onChange={(event) => setVerifier(event.target.value)}
        spellCheck={false}
        autoComplete="off"
        style={{ display: "block", width: "100%", font: "inherit", fontFamily: "ui-monospace, monospace", margin: "0.4rem 0" }}
        aria-describedby="verifier-output"
      />
      <p id="verifier-output" aria-live="polite" style={{ margin: 0, overflowWrap: "anywhere" }}>
        {valid ? (
          <>
            code_challenge = <code data-testid="calculated-challenge">{challenge}</code>
          </>
        ) : (
          "Not a valid verifier: RFC 7636 asks for 43 to 128 unreserved characters."
        )}
      </p>
    </div>
  );
}
