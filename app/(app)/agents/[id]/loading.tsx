export default function Loading() {
  return <p className="loading" role="status">Computing what this agent can reach…</p>;
}
