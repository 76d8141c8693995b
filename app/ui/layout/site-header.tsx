/**
 * The bar above every page: where to go (the dashboard, the live wallboard, the user's own view)
 * and who is signed in. Rendered on the server from the session cookie: the browser only ever gets
 * the user's name.
 */
import Link from "next/link";
import { currentPageSession, signInSetup } from "@/lib/auth";
import { MY_VIEW_PATH, SIGN_IN_PATH } from "@/lib/config/auth-paths";
import { getConfig } from "@/lib/config/env";
import { SignInButton, SignOutButton } from "../account/auth-buttons";

export async function SiteHeader() {
  const config = getConfig();
  const setup = signInSetup(config);
  const session = await currentPageSession();

  let account: React.ReactNode;
  if (session) {
    account = (
      <>
        <span className="account-name" data-testid="signed-in-user">
          {session.user.name}
          {session.user.expired ? <span className="account-note"> · session expired</span> : null}
        </span>
        {session.user.expired ? <SignInButton label="Sign in again" /> : null}
        <SignOutButton />
      </>
    );
  } else if (setup.available) {
    account = <SignInButton />;
  } else {
    // Hidden, and the sign-in page says why.
    account = (
      <Link href={SIGN_IN_PATH} className="account-note">
        Sign-in is off
      </Link>
    );
  }

  return (
    <header className="site-header">
      <nav aria-label="Main" className="site-nav">
        <Link href="/">Dashboard</Link>
        <span aria-hidden="true">·</span>
        <Link href="/live">Live</Link>
        <span aria-hidden="true">·</span>
        <Link href="/alerts">Alerts</Link>
        <span aria-hidden="true">·</span>
        <Link href={MY_VIEW_PATH}>My view</Link>
        <span aria-hidden="true">·</span>
        <Link href="/grants">Which grant?</Link>
      </nav>
      <div className="account">{account}</div>
    </header>
  );
}
