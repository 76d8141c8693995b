import Link from "next/link";
import { connection } from "next/server";
import { currentPageSession, signInSetup, GENESYS_SIGN_IN_SCOPES } from "@/lib/auth";
import { MY_VIEW_PATH, safeReturnPath } from "@/lib/config/auth-paths";
import { getConfig } from "@/lib/config/env";
import { SignInButton, SignOutButton } from "@/app/ui/account/auth-buttons";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * Auth.js's error codes, in words. Callback failures (a refused code exchange, a state or PKCE
 * check that did not pass) all arrive as `Configuration`: Auth.js does not tell the browser
 * which check failed, and neither do we; the server log has the detail.
 */
function errorMessage(code: string): { title: string; detail: string } {
  switch (code) {
    case "OAuthCallbackError":
      return {
        title: "Genesys Cloud did not sign you in.",
        detail: "The sign-in was cancelled or refused at Genesys Cloud. Nothing was signed in.",
      };
    case "AccessDenied":
      return { title: "Access denied.", detail: "This account may not sign in to the dashboard." };
    case "MissingCSRF":
      return { title: "The sign-in form expired.", detail: "Start the sign-in again from this page." };
    default:
      return {
        title: "Sign-in could not be completed.",
        detail:
          "The sign-in could not be verified, so nothing was signed in: it was started in another browser or tab, took longer than 15 minutes, or failed a security check (state or PKCE), or Genesys Cloud refused the code exchange. Try again; if it keeps failing, the server log says why.",
      };
  }
}

/** The sign-in page: the button, why sign-in is off when it is, and what went wrong when it did. */
export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const search = await searchParams;
  const config = getConfig();
  const setup = signInSetup(config);
  const session = await currentPageSession();
  const returnTo = safeReturnPath(first(search.callbackUrl), MY_VIEW_PATH);
  const error = first(search.error);
  const signedOut = first(search.signedOut) === "1";
  const expired = first(search.reason) === "expired" || Boolean(session?.user.expired);

  return (
    <main className="page page-narrow">
      <h1>Sign in with Genesys Cloud</h1>
      {error ? (
        <div className="alert alert-error" role="alert" data-testid="sign-in-error">
          <p className="alert-title">{errorMessage(error).title}</p>
          <p>{errorMessage(error).detail}</p>
        </div>
      ) : null}
      {signedOut && !session ? (
        <p className="alert alert-soft" role="status" data-testid="signed-out">
          You are signed out. Your Genesys Cloud token was revoked and the session cookie cleared.
        </p>
      ) : null}
      {expired ? (
        <div className="alert alert-stale" role="alert" data-testid="session-expired">
          <p className="alert-title">Your Genesys Cloud session has expired.</p>
          <p>Sign-ins with PKCE get no refresh token, so the only way on is to sign in again.</p>
        </div>
      ) : null}

      {!setup.available ? (
        <p className="notice" role="status" data-testid="sign-in-off">
          {setup.reason}
        </p>
      ) : session && !session.user.expired ? (
        <>
          <p>
            You are signed in as <strong>{session.user.name}</strong>.
          </p>
          <p className="alert-actions">
            <Link className="button" href={returnTo}>
              Continue
            </Link>
            <SignOutButton />
          </p>
        </>
      ) : (
        <>
          <p>
            Sign in with your own Genesys Cloud account to see the queue report as <em>your</em> permissions and divisions allow
            {config.dashboardAccess === "signed-in" ? ", and to open the dashboard" : ""}.
          </p>
          <SignInButton returnTo={returnTo} primary />
          <p className="muted small">
            {setup.mode === "simulator"
              ? "Simulator mode: you will choose a demo user (a supervisor who sees every division, or an agent who sees one) on the simulator's sign-in page."
              : `You will sign in at Genesys Cloud (${setup.environment}).`}{" "}
            The app asks for {GENESYS_SIGN_IN_SCOPES.join(", ")}; your token stays on this server and is revoked when you sign out.
          </p>
        </>
      )}
    </main>
  );
}
