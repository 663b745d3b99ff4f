/**
 * COPY text rows read straight into reach's edge arrays: edge rows (src, dst, kind, flags, action) and
 * node rows (id, kind) as runs of tab-separated digits, parsed with no row objects and no strings. What
 * lib/db/queries/reach-index-cache.ts reads by COPY (bulk-copy.ts) comes here.
 */
import { edgeKindCode } from "@/lib/graph/kind-codes";
import { CODE, TRAVERSED_EDGE_KINDS, type EdgeArrays } from "@/lib/graph/reach/reach-index";

const TAB = 9;
const NEWLINE = 10;
const ZERO = 48;

/**
 * Edge rows (src, dst, kind, flags, action) and node rows (id, kind) in COPY text format → edge arrays
 * of the kinds reach follows, with action ids in the actions' byte order (the column's C collation), so
 * the index is the same whatever order the rows came in.
 */
export function readEdgeArrays(edgeText: Buffer, nodeText: Buffer): EdgeArrays {
  const edges = new EdgeTextReader();
  edges.read(edgeText);
  return edges.finish(readNodeKinds(nodeText));
}

/**
 * Reads edge rows in COPY text format, any number of whole lines at a time, into growing typed arrays:
 * fields but the last are non-negative integers, and the action is matched by its bytes.
 */
export class EdgeTextReader {
  private capacity = 1 << 16;
  private src = new Int32Array(this.capacity);
  private dst = new Int32Array(this.capacity);
  private kind = new Uint8Array(this.capacity);
  private flags = new Uint16Array(this.capacity);
  private action = new Int32Array(this.capacity);
  private count = 0;
  private maxNodeId = 0;
  private readonly actions = new ActionDictionary();
  private readonly followed = TRAVERSED_EDGE_KINDS.reduce((mask, k) => mask | (1 << edgeKindCode(k)), 0);

  /** Whole lines (the bytes end with a newline). */
  read(b: Buffer): void {
    const length = b.length;
    // Rows of a large graph take ~26 bytes (six-digit ids and an action): room for this run's rows at
    // that, grown in the loop when shorter rows come (a row takes 9 bytes at least).
    this.reserve(this.count + Math.ceil(length / 24));
    let { src, dst, kind, flags, action } = this;
    const { actions, followed } = this;
    const can = CODE.can;
    let { count, maxNodeId } = this;
    let at = 0;
    while (at < length) {
      if (count === this.capacity) {
        this.reserve(count + Math.ceil((length - at) / 9));
        ({ src, dst, kind, flags, action } = this);
      }
      let c: number;
      let s = 0;
      while ((c = b[at++]) !== TAB) s = s * 10 + digitOf(c);
      let d = 0;
      while ((c = b[at++]) !== TAB) d = d * 10 + digitOf(c);
      let k = 0;
      while ((c = b[at++]) !== TAB) k = k * 10 + digitOf(c);
      let f = 0;
      while ((c = b[at++]) !== TAB) f = f * 10 + digitOf(c);
      const from = at;
      while (b[at] !== NEWLINE) at++;
      at++;
      if (k > 30 || !(followed & (1 << k))) continue;
      src[count] = s;
      dst[count] = d;
      kind[count] = k;
      flags[count] = f;
      action[count] = k === can ? actions.idOf(b, from, at - 1 - from) : -1;
      count++;
      if (s > maxNodeId) maxNodeId = s;
      if (d > maxNodeId) maxNodeId = d;
    }
    this.count = count;
    this.maxNodeId = maxNodeId;
  }

  /** The edge arrays, with every node's kind. */
  finish(nodeKind: Uint8Array): EdgeArrays {
    const { count } = this;
    const { names, renumber } = this.actions.sorted();
    const action = this.action.subarray(0, count);
    for (let i = 0; i < count; i++) if (action[i] >= 0) action[i] = renumber[action[i]];
    const maxNodeId = Math.max(this.maxNodeId, nodeKind.length - 1);
    return {
      count,
      src: this.src.subarray(0, count),
      dst: this.dst.subarray(0, count),
      kind: this.kind.subarray(0, count),
      flags: this.flags.subarray(0, count),
      action,
      actions: names,
      maxNodeId,
      nodeKind: maxNodeId < nodeKind.length ? nodeKind : grown(nodeKind, maxNodeId + 1),
    };
  }

  private reserve(size: number): void {
    if (size <= this.capacity) return;
    this.capacity = Math.max(size, this.capacity * 2);
    this.src = grown(this.src, this.capacity);
    this.dst = grown(this.dst, this.capacity);
    this.kind = grown(this.kind, this.capacity);
    this.flags = grown(this.flags, this.capacity);
    this.action = grown(this.action, this.capacity);
  }
}

/** [node id] → kind code, from (id, kind) rows in COPY text format, straight into the array. */
export function readNodeKinds(b: Buffer): Uint8Array {
  // Ids are dense from 1 and a row takes at least 4 bytes: sized by that, grown only for sparse ids.
  let nodeKind = new Uint8Array((b.length >> 2) + 1);
  let maxNodeId = 0;
  for (let at = 0; at < b.length; ) {
    let c: number;
    let id = 0;
    while ((c = b[at++]) !== TAB) id = id * 10 + digitOf(c);
    let k = 0;
    while ((c = b[at++]) !== NEWLINE) k = k * 10 + digitOf(c);
    if (id >= nodeKind.length) nodeKind = grown(nodeKind, Math.max(id + 1, nodeKind.length * 2));
    nodeKind[id] = k;
    if (id > maxNodeId) maxNodeId = id;
  }
  return nodeKind.subarray(0, maxNodeId + 1);
}

function digitOf(c: number): number {
  const digit = c - ZERO;
  if (digit >= 0 && digit <= 9) return digit;
  throw new Error(`unexpected byte ${c} in an integer field of COPY data`);
}

function grown<T extends Int32Array | Uint16Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/** A COPY text field as its value: COPY writes backslash, tab, newline and the other control characters escaped. */
export function unescapeCopyText(field: string): string {
  if (!field.includes("\\")) return field;
  return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, code: string) => {
    if (code[0] === "x") return String.fromCharCode(parseInt(code.slice(1), 16));
    if (/^[0-7]/.test(code)) return String.fromCharCode(parseInt(code, 8));
    return CONTROL_ESCAPES[code] ?? code;
  });
}

const CONTROL_ESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/**
 * Action names numbered as first met, found by their bytes as COPY wrote them: a hash of the bytes
 * picks a slot of an open-addressed table, and the bytes are compared with the name's; a string is made
 * only for a new name (a dozen at the 1M-edge estate, against 900k `can` rows).
 */
class ActionDictionary {
  private slots = new Int32Array(64).fill(-1);
  private hashes: number[] = [];
  private bytes: Buffer[] = [];

  idOf(b: Buffer, at: number, length: number): number {
    // Length and three bytes tell a dozen action names apart; the bytes are compared in full anyway.
    const hash = length === 0 ? 0 : Math.imul(length * 0x9e3779b1 + b[at] * 0x85ebca6b + b[at + (length >> 1)] * 0xc2b2ae35 + b[at + length - 1], 0x27d4eb2f) >>> 7;
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot];
      if (id < 0) return this.add(slot, hash, b.subarray(at, at + length));
      if (this.hashes[id] === hash && this.sameBytes(id, b, at, length)) return id;
    }
  }

  private sameBytes(id: number, b: Buffer, at: number, length: number): boolean {
    const known = this.bytes[id];
    if (known.length !== length) return false;
    for (let i = 0; i < length; i++) if (known[i] !== b[at + i]) return false;
    return true;
  }

  private add(slot: number, hash: number, bytes: Buffer): number {
    const id = this.bytes.length;
    this.bytes.push(Buffer.from(bytes));
    this.hashes.push(hash);
    this.slots[slot] = id;
    if (this.bytes.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2).fill(-1);
      const mask = this.slots.length - 1;
      this.hashes.forEach((h, i) => {
        let s = h & mask;
        while (this.slots[s] >= 0) s = (s + 1) & mask;
        this.slots[s] = i;
      });
    }
    return id;
  }

  /** The names in byte order (as Postgres's C collation sorts them), and [id as met] → id in that order. */
  sorted(): { names: string[]; renumber: Int32Array } {
    const names = this.bytes.map((b) => unescapeCopyText(b.toString("utf8")));
    const utf8 = names.map((name) => Buffer.from(name, "utf8"));
    const order = names.map((_, i) => i).sort((x, y) => Buffer.compare(utf8[x], utf8[y]));
    const renumber = new Int32Array(order.length);
    order.forEach((id, rank) => (renumber[id] = rank));
    return { names: order.map((id) => names[id]), renumber };
  }
}
