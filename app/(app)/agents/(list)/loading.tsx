export default function Loading() {
  return <p className="loading" role="status">Computing what every agent can reach…</p>;
}
