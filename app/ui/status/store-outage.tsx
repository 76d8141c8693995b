/** Shown instead of the dashboard while the snapshot store (Redis) cannot be reached. */
export function StoreOutage({ reason }: { reason: string }) {
  return (
    <main className="page">
      <h1>Queue report</h1>
      <div className="alert alert-error" role="alert" data-testid="store-outage">
        <p>
          <strong>The dashboard&apos;s storage is unreachable</strong>, so there is nothing to show right now. It comes back by itself as
          soon as the store answers again: reload in a moment.
        </p>
        <p className="muted">{reason}</p>
      </div>
    </main>
  );
}
