/** "3 h ago", from a server-side clock: plain text, so the page needs no client script for it. */
export function TimeAgo({ date, now }: { date: Date | null; now: number }) {
  if (!date) return <span className="muted">never</span>;
  const seconds = Math.max(0, Math.round((now - date.getTime()) / 1000));
  const text =
    seconds < 60 ? "just now"
    : seconds < 3600 ? `${Math.round(seconds / 60)} min ago`
    : seconds < 86_400 ? `${Math.round(seconds / 3600)} h ago`
    : `${Math.round(seconds / 86_400)} d ago`;
  return <time dateTime={date.toISOString()} title={date.toISOString()}>{text}</time>;
}
