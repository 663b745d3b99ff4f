export default function Loading() {
  return <p className="loading" role="status">Loading findings…</p>;
}
