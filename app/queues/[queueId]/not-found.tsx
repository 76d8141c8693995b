import Link from "next/link";

export default function QueueNotFound() {
  return (
    <main className="page">
      <p className="back">
        <Link href="/">
          <span aria-hidden="true">← </span>All queues
        </Link>
      </p>
      <h1>Queue not found</h1>
      <section className="empty" data-testid="queue-not-found">
        <p>
          No queue with this id is in the latest report. It may have been deleted, renamed into another id, or moved to a division the
          dashboard cannot see.
        </p>
        <p>
          <Link href="/">Back to all queues</Link>
        </p>
      </section>
    </main>
  );
}
