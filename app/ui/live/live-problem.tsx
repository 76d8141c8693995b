/** `/live` with a filter the API refuses (a malformed queue id, an unknown media type): why, and the way out. */
import Link from "next/link";

export function LiveProblem({ message }: { message: string }) {
  return (
    <main className="page live">
      <h1>Live</h1>
      <div className="alert alert-error" role="alert" data-testid="live-problem">
        <p className="alert-title">This wallboard link cannot be shown.</p>
        <p>{message}</p>
        <p>
          <Link href="/live">Show every queue</Link>
        </p>
      </div>
    </main>
  );
}
