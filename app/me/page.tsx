import { headers } from "next/headers";
import { connection } from "next/server";
import { currentPageSession, signInSetup } from "@/lib/auth";
import { pagePath, requirePageAccess } from "@/lib/auth/access";
import { isTokenExpired, myComparison } from "@/lib/reports/user-report";
import { clientKeyOf, isViewerBudgetExceeded } from "@/lib/reports/viewer-budget";
import { genesysUnavailableText } from "@/lib/server/genesys-unavailable";
import { MY_VIEW_PATH } from "@/lib/config/auth-paths";
import { getConfig } from "@/lib/config/env";
import { isBadRequest, parseReportRequest } from "@/lib/reports/request";
import { SignInButton } from "@/app/ui/account/auth-buttons";
import { MyView, MyViewSwitcher } from "@/app/ui/me/my-view";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function Shell({ children }: { children: React.ReactNode }) {
  return <main className="page">{children}</main>;
}

/** The user-delegated view: the report as the signed-in user's own permissions allow. */
export default async function MyViewPage({ searchParams }: { searchParams: SearchParams }) {
  await connection();
  const search = await searchParams;
  const here = pagePath(MY_VIEW_PATH, search);
  await requirePageAccess(here);
  const config = getConfig();
  const setup = signInSetup(config);
  const session = await currentPageSession();

  if (!setup.available) {
    return (
      <Shell>
        <h1>My view</h1>
        <p className="notice" role="status" data-testid="sign-in-off">
          {setup.reason}
        </p>
      </Shell>
    );
  }
  if (!session) {
    return (
      <Shell>
        <h1>My view</h1>
        <p>
          Sign in with your Genesys Cloud account to run the queue report with <em>your</em> permissions and divisions, beside the
          dashboard&apos;s client-credentials numbers.
        </p>
        <SignInButton returnTo={here} primary />
      </Shell>
    );
  }

  const expired = (
    <Shell>
      <h1>My view</h1>
      <div className="alert alert-stale" role="alert" data-testid="session-expired">
        <p className="alert-title">Your Genesys Cloud session has expired.</p>
        <p>
          Your token expired or was revoked. Sign-ins with PKCE get no refresh token, and this view never falls back to the app&apos;s own
          credentials: sign in again to continue.
        </p>
        <div className="alert-actions">
          <SignInButton returnTo={here} label="Sign in again" primary />
        </div>
      </div>
    </Shell>
  );
  if (session.user.expired) return expired;

  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) for (const v of [value].flat()) if (v !== undefined) query.append(key, v);
  const parsed = parseReportRequest(query, config.reportTimeZone);
  if (isBadRequest(parsed)) {
    return (
      <Shell>
        <h1>My view</h1>
        <MyViewSwitcher active={undefined} />
        <p className="alert alert-error" role="alert">
          {parsed.message} ({parsed.field})
        </p>
      </Shell>
    );
  }

  let result;
  try {
    result = await myComparison(session, parsed, clientKeyOf(await headers()));
  } catch (error) {
    if (isTokenExpired(error)) return expired;
    return (
      <Shell>
        <h1>My view</h1>
        <div className="alert alert-error" role="alert" data-testid="my-view-error">
          <p className="alert-title">Genesys Cloud could not answer.</p>
          <p>{isViewerBudgetExceeded(error) ? error.message : genesysUnavailableText(error, "me")}</p>
        </div>
      </Shell>
    );
  }
  return (
    <Shell>
      <MyView {...result} />
    </Shell>
  );
}
