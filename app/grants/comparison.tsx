/**
 * The two grants side by side, each difference tied to what it means for a reporting dashboard.
 * Sources (JS = MyPureCloud/platform-client-sdk-javascript @ e09e27aa, .NET = MyPureCloud/platform-client-sdk-dotnet @ 6e801ced):
 * - users/me and not.a.user: JS build/docs/UsersApi.md (getUsersMe); 400 not.a.user in the JS repo's
 *   swagger.json @ 16de29d7 (2018).
 * - Lifetime 5 min–48 h, 24 h default; scopes vs roles and divisions: .NET build/docs/OAuthClient.md;
 *   https://help.mypurecloud.com/articles/create-an-oauth-client/
 * - No refresh token for PKCE clients: https://developer.genesys.cloud/forum/t/oauth-support-for-refresh-tokens/7422
 * - The requests: JS build/src/purecloud-platform-client-v2/ApiClient.js (loginClientCredentialsGrant sends
 *   base64 of the raw `id:secret`; loginPKCEGrant, authorizePKCEGrant).
 * - Implicit grant retired (no new clients from March 2026, off by March 2027): Genesys staff on
 *   https://community.genesys.com/discussion/migrating-from-implicit-grant-can-we-use-authorization-code-grant-instead-of-pkce
 * - RFC 9700 (OAuth 2.0 Security Best Current Practice) §2.1.2: clients should not use the implicit grant.
 */
import styles from "./trace.module.css";

type Row = { topic: string; clientCredentials: React.ReactNode; pkce: React.ReactNode };

function rows(loginHost: string): Row[] {
  return [
    {
      topic: "Who the principal is",
      clientCredentials: (
        <>
          The OAuth client itself: no user. <code>GET /api/v2/users/me</code> answers <code>400 not.a.user</code> (“This request requires a
          user context. Client credentials cannot be used for requests to this resource.”).
        </>
      ),
      pkce: (
        <>
          The person who signed in: every call is made as them, and <code>/api/v2/users/me</code> returns their profile.
        </>
      ),
    },
    {
      topic: "Who consents, and when",
      clientCredentials: "An administrator, once: when creating the OAuth client and giving it roles. Nobody at run time.",
      pkce: "The user, at each sign-in, on Genesys Cloud’s own login page. The app never sees their password.",
    },
    {
      topic: "Where the secret lives",
      clientCredentials: (
        <>
          A client secret in a server environment variable (<code>GENESYS_CLIENT_SECRET</code>; on Vercel an encrypted project variable),
          sent only as HTTP Basic to <code>{loginHost}/oauth/token</code>. Never in a <code>NEXT_PUBLIC_</code> variable, which Next.js
          copies into every visitor’s JavaScript.
        </>
      ),
      pkce: (
        <>
          No client secret: a public client. The one-time <code>code_verifier</code> waits between redirect and callback in an encrypted
          HttpOnly cookie; the token that comes back stays in the encrypted session cookie, read only by the server, never by the page’s
          JavaScript.
        </>
      ),
    },
    {
      topic: "Token lifetime and refresh",
      clientCredentials: (
        <>
          Set per OAuth client, 300 seconds to 48 hours (24 hours when not set). No refresh token: when the token expires the server asks
          again with the secret. This app keeps one token and renews it shortly before it expires.
        </>
      ),
      pkce: (
        <>
          The same per-client lifetime. Genesys gives PKCE clients <strong>no refresh token</strong>: its refresh grant needs a client
          secret, which a public client does not have. When the token expires, the person signs in again.
        </>
      ),
    },
    {
      topic: "Runs unattended (cron)",
      clientCredentials: "Yes: it is made for “non-user applications”, a service or a cron job. The scheduled refresh uses it.",
      pkce: "No: every token needs a person at a browser to sign in and consent. See “Run it at 3 AM” below.",
    },
    {
      topic: "What data it can see",
      clientCredentials: (
        <>
          What the administrator gave the OAuth client: its roles and their divisions. Scopes do not apply to client-credentials clients.
          Everyone who can open the dashboard sees what the client sees, so give it only the divisions the dashboard’s audience may see.
        </>
      ),
      pkce: (
        <>
          The user’s own permissions and divisions, narrowed by the scopes the app asks for (
          <code>analytics:readonly routing:readonly users:readonly</code>
          ). Two people can see different queues; <a href="/me">My view</a> shows which.
        </>
      ),
    },
    {
      topic: "Blast radius if it leaks",
      clientCredentials:
        "A leaked secret lets anyone mint tokens with the client’s roles, org-wide and unattended, until the secret is rotated; a leaked token, the same reach until it expires (up to 48 hours).",
      pkce: "A leaked session or token is one person’s access until the token expires or they sign out (this app then revokes it at Genesys). A stolen code alone is useless: redeeming it needs the verifier.",
    },
    {
      topic: "Genesys specifics",
      clientCredentials: (
        <>
          <code>POST {loginHost}/oauth/token</code> with <code>Authorization: Basic base64(client_id:client_secret)</code>, the raw id and
          secret (not form-encoded first, as the official SDKs send them), and the body <code>grant_type=client_credentials</code>; the
          token endpoint is on the <code>login.</code> host, never <code>api.</code>.
        </>
      ),
      pkce: (
        <>
          <code>GET {loginHost}/oauth/authorize</code> with <code>code_challenge</code>, <code>code_challenge_method=S256</code> and{" "}
          <code>state</code>; the code exchange sends <code>code</code>, <code>code_verifier</code>, <code>client_id</code> and the exactly
          registered <code>redirect_uri</code>, with no Authorization header. The implicit grant (token in the URL fragment) is being
          retired by Genesys, and RFC 9700 says clients should not use it: code + PKCE replaces it.
        </>
      ),
    },
    {
      topic: "In this app",
      clientCredentials: "The scheduled refresh (cron), the dashboard’s snapshots, npm run report and npm run export.",
      pkce: "“Sign in with Genesys Cloud” and My view: your own live report beside the scheduled one.",
    },
  ];
}

export function GrantComparison({ loginHost }: { loginHost: string }) {
  return (
    <div className="table-wrap">
      <table className={styles.comparison} data-testid="grant-comparison">
        <caption>Client credentials and authorization code + PKCE, compared for a reporting dashboard</caption>
        <thead>
          <tr>
            <th scope="col">Question</th>
            <th scope="col">Client credentials (scheduled views)</th>
            <th scope="col">Authorization code + PKCE (Sign in with Genesys Cloud)</th>
          </tr>
        </thead>
        <tbody>
          {rows(loginHost).map((row) => (
            <tr key={row.topic}>
              <th scope="row">{row.topic}</th>
              <td data-label="Client credentials">{row.clientCredentials}</td>
              <td data-label="Authorization code + PKCE">{row.pkce}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
