/** The sign-in and sign-out buttons: plain forms posting to server actions, so they work without JavaScript. */
import { signInWithGenesys, signOutOfGenesys } from "@/lib/auth/actions";

export function SignInButton({
  returnTo,
  label = "Sign in with Genesys Cloud",
  primary = false,
}: {
  returnTo?: string;
  label?: string;
  primary?: boolean;
}) {
  return (
    <form action={signInWithGenesys} className="inline-form">
      {returnTo ? <input type="hidden" name="returnTo" value={returnTo} /> : null}
      <button type="submit" className={primary ? "button button-primary" : "button"}>
        {label}
      </button>
    </form>
  );
}

export function SignOutButton() {
  return (
    <form action={signOutOfGenesys} className="inline-form">
      <button type="submit" className="button">
        Sign out
      </button>
    </form>
  );
}
