/** Real credentials but no decision on who may see the org's data: explain, show nothing. */
export function AccessUnconfigured() {
  return (
    <main className="page">
      <h1>Genesys Cloud queue dashboard</h1>
      <p className="notice" role="alert">
        Real Genesys Cloud credentials are configured, but nobody has decided who may see the org&apos;s data. Set{" "}
        <code>DASHBOARD_ACCESS=signed-in</code> (with <code>GENESYS_PKCE_CLIENT_ID</code>) or <code>DASHBOARD_ACCESS=public</code>, then
        restart.
      </p>
    </main>
  );
}
