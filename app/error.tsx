"use client";
/** Something broke while rendering a page: say so, offer a retry and a way home. */
import { useEffect } from "react";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  // Server errors arrive with a generic message and a digest that matches the server log.
  const digest = error instanceof Error && "digest" in error ? String((error as Error & { digest?: string }).digest ?? "") : "";
  return (
    <main className="page">
      <h1>Queue dashboard</h1>
      <div className="alert alert-error" role="alert">
        <p className="alert-title">The dashboard could not be shown.</p>
        <p className="alert-reason">
          The server hit a problem reading the stored reports. It is usually temporary (a store restart, a damaged file being replaced).
          {digest ? (
            <>
              {" "}
              Reference for the server log: <code>{digest}</code>.
            </>
          ) : null}
        </p>
        <p className="alert-actions">
          <button type="button" className="button" onClick={() => retry()}>
            Try again
          </button>{" "}
          <a href="/api/health">Check /api/health</a>
        </p>
      </div>
    </main>
  );
}
