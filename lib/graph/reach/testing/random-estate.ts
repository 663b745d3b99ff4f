/**
 * Random small estates for property tests (fast-check): agents, files, credentials, identities with
 * membership and assume chains (cycles included), grants of every class on resources and copies,
 * containment, copies stored in what they protect, and assumed edges. Each action has one class, as the
 * collectors classify by action.
 */
import fc from "fast-check";
import type { ActionClass, GraphBatch, GraphEdge, GraphNode, NodeKind } from "@/lib/graph/types";

const ACTIONS: { action: string; class: ActionClass }[] = [
  { action: "deleteVolume", class: "D1" },
  { action: "DROP", class: "D1" },
  { action: "deleteSnapshot", class: "D2" },
  { action: "terminate", class: "D3" },
  { action: "grantRole", class: "D4" },
  { action: "write", class: "W" },
  { action: "read", class: "R" },
];

interface Sizes {
  agents: number;
  files: number;
  credentials: number;
  identities: number;
  resources: number;
  copies: number;
}

const sizes: fc.Arbitrary<Sizes> = fc.record({
  agents: fc.integer({ min: 1, max: 3 }),
  files: fc.integer({ min: 0, max: 4 }),
  credentials: fc.integer({ min: 1, max: 4 }),
  identities: fc.integer({ min: 1, max: 3 }),
  resources: fc.integer({ min: 1, max: 4 }),
  copies: fc.integer({ min: 0, max: 2 }),
});

/** An edge drawn as (kind choice, source pick, destination pick, action pick, assumed). */
const edgeDraw = fc.tuple(fc.integer({ min: 0, max: 15 }), fc.nat(), fc.nat(), fc.nat({ max: ACTIONS.length - 1 }), fc.boolean());

/**
 * Every credential authenticates as something, every agent reads or is configured with something and
 * every file holds a credential (a picked one, so shared), so most estates have reach to speak of; the
 * drawn edges add the rest.
 */
export const randomEstate: fc.Arbitrary<GraphBatch> = fc
  .tuple(sizes, fc.array(fc.nat(), { minLength: 16, maxLength: 16 }), fc.array(edgeDraw, { minLength: 10, maxLength: 60 }))
  .map(([size, base, draws]) => buildEstate(size, base, draws));

function buildEstate(size: Sizes, base: number[], draws: [number, number, number, number, boolean][]): GraphBatch {
  const make = (kind: NodeKind, prefix: string, count: number): GraphNode[] =>
    Array.from({ length: count }, (_, i) => ({ kind, key: `${prefix}${i}`, name: `${prefix}${i}`, props: {} }));
  const agents = make("agent", "agent", size.agents);
  const files = make("file", "file", size.files);
  const credentials = make("credential", "cred", size.credentials);
  const identities = make("identity", "id", size.identities);
  const resources = make("resource", "res", size.resources);
  const copies = make("recovery_copy", "copy", size.copies);
  const ref = (n: GraphNode) => ({ kind: n.kind, key: n.key });
  const pick = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  const edges: GraphEdge[] = [];
  const add = (kind: GraphEdge["kind"], src: GraphNode | undefined, dst: GraphNode | undefined, props: Record<string, unknown> = {}) => {
    if (src && dst) edges.push({ kind, src: ref(src), dst: ref(dst), props });
  };
  const targets = [...resources, ...copies];
  credentials.forEach((c, i) => add("authenticates_as", c, pick(identities, base[i] ?? i), base[i] % 5 === 0 ? { assumed: true } : {}));
  files.forEach((f, i) => add("contains", f, pick(credentials, base[i + 4] ?? i)));
  agents.forEach((a, i) => add(base[i + 8] % 2 ? "can_read" : "configured_with", a, base[i + 8] % 2 ? pick(files, base[i + 12]) ?? pick(credentials, base[i + 12]) : pick(credentials, base[i + 12])));
  for (const [choice, a, b, actionAt, assumed] of draws) {
    switch (choice) {
      case 0:
        add("can_read", pick(agents, a), pick(files, b));
        break;
      case 1:
        add("contains", pick(files, a), pick([...files, ...credentials], b));
        break;
      case 2:
        add("configured_with", pick(agents, a), pick(credentials, b));
        break;
      case 3:
        add("authenticates_as", pick(credentials, a), pick(identities, b), assumed ? { assumed: true } : {});
        break;
      case 4:
        add(a % 2 ? "member_of" : "can_assume", pick(identities, a), pick(identities, b));
        break;
      case 5:
      case 6:
      case 7:
      case 8:
      case 9: {
        const { action, class: cls } = ACTIONS[actionAt];
        add("can", pick(identities, a), pick(targets, b), { action, class: cls, ...(assumed && choice === 9 ? { assumed: true } : {}) });
        break;
      }
      case 11:
      case 12:
        add("contains", pick(resources, a), pick(resources, b));
        break;
      case 13:
      case 14:
        add("stored_in", pick(copies, a), pick(resources, b));
        break;
      case 10:
        add("recovered_by", pick(resources, a), pick(copies, b));
        break;
      default:
        add("can_read", pick(agents, a), pick(credentials, b));
    }
  }
  return { collector: "test", nodes: [...agents, ...files, ...credentials, ...identities, ...resources, ...copies], edges, warnings: [] };
}
