export default function Loading() {
  return <p className="loading" role="status">Scoring every credential by what it could destroy…</p>;
}
