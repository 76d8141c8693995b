import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <section className="empty">
        <p>There is nothing at this address.</p>
        <p>
          <Link href="/">Go to the queue dashboard</Link>
        </p>
      </section>
    </main>
  );
}
