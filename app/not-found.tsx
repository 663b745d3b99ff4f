import Link from "@/components/ui/link";

/** An address no page answers: styled like the sign-in page, since no app frame surrounds it. */
export default function NotFound() {
  return (
    <main className="login-wrap">
      <section className="login" aria-labelledby="h-not-found">
        <p className="muted small">404</p>
        <h1 id="h-not-found">Page not found</h1>
        <p>No page has this address.</p>
        <Link className="button" href="/">Go to the overview</Link>
      </section>
    </main>
  );
}
