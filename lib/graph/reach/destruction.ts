/**
 * What starts can destroy, as sets of nodes: per identity, its own D1/D2 targets and what dies with its D1
 * targets; per start, the union over the identities it reaches, memoized by the set of identities
 * (thousands of credentials and agents share a few hundred roles) and built only when a rule reads a list
 * (most starts are only counted or asked whether they destroy one node). The finding rules ask these
 * through lib/findings/context.ts's named facts; the stamp arrays and unions are this module's own.
 */
import { closureOf, holdsOf } from "@/lib/graph/reach/closure";
import { CODE, FLAG_CLASS_MASK, FLAG_DESTROYS_MORE, type ReachIndex } from "@/lib/graph/reach/reach-index";
import { VictimLayout } from "@/lib/graph/reach/victim-layout";

/**
 * What a start (agent, credential, identity) reaches, compactly: enough for every rule, at a few
 * kilobytes per start, so all agents and credentials of a large estate fit in memory at once. The
 * resource lists are unions over the identities reached, built on first read (most starts are only
 * counted or asked whether they destroy anything).
 */
export interface ReachSummary {
  credentials: number[];
  identities: number[];
  /** Sorted, unique: resources with a D1 action. */
  readonly d1: Int32Array;
  /** Sorted, unique: resources with a D2 action. */
  readonly d2: Int32Array;
  /** Sorted, unique: everything destroyable (D1 and D2 targets, and what dies with D1 targets). */
  readonly destroy: Int32Array;
  /** The lists' lengths, without building the lists. */
  readonly d1Count: number;
  readonly d2Count: number;
  readonly destroyCount: number;
  /** Some D1 target takes other things (backups, tables) with it. */
  d1TakesMore: boolean;
  /** Starts reaching the same identities share it (and so every list above). */
  readonly group: object;
}

interface OwnDestruction {
  d1: Int32Array;
  d2: Int32Array;
  destroy: Int32Array;
  /** What dies with its D1 targets (destroy is d1 ∪ d2 ∪ dying); unsorted, may repeat. */
  dying: Int32Array;
  d1TakesMore: boolean;
  /**
   * What countsOf reads, in VictimLayout's numbers (unsorted, may repeat): its D1 grants on containers,
   * and its grants on victims (the only nodes countsOf asks about): D1 pairs (the direct pair it asks
   * about has its container's D1 action, so D2 pairs never match), D1 targets and D2 targets.
   */
  containers: Int32Array;
  victimPairs: Int32Array;
  victimD1: Int32Array;
  victimD2: Int32Array;
}

/** A start's numbers by the counting rule (counting-rule.ts), for the finding rules. */
export interface DestructionCounts {
  d1Actions: number;
  d2Actions: number;
  d1Resources: number;
  d2Resources: number;
  atRisk: number;
}

const EMPTY = new Int32Array(0);

export type DestructionList = "d1" | "d2" | "destroy";

/** Per index: identities' own destruction, unions per set of identities, and the unions' scratch. */
export class DestructionSummaries {
  private readonly owns = new Map<number, OwnDestruction>();
  private readonly destructionBySet = new Map<string, Destruction>();
  private union?: { stamp: Uint8Array; epoch: number; buffer: Int32Array };
  /** Per mask (reachedAmong), each own list filtered by it. */
  private readonly maskedLists = new WeakMap<Uint8Array, Map<Int32Array, Int32Array>>();

  constructor(private readonly index: ReachIndex) {}

  /** Whether a summary's `which` list holds `node` (from the identities' own lists while they are few). */
  has(summary: ReachSummary, which: DestructionList, node: number): boolean {
    return (summary.group as Destruction).has(which, node);
  }

  /** The summary of a start that entered these credentials and identities. */
  summarize(credentials: number[], identities: number[]): ReachSummary {
    return new StartReach(credentials, identities, this.destructionOf(identities));
  }

  /** What a set of identities destroys together; memoized by the set (credentials often share identities). */
  private destructionOf(identities: number[]): Destruction {
    const key = [...identities].sort((a, b) => a - b).join(",");
    const cached = this.destructionBySet.get(key);
    if (cached) return cached;
    const owns = identities.map((identity) => this.ownDestruction(identity)).filter((o) => o.destroy.length > 0);
    const destruction = new Destruction(this, owns);
    this.destructionBySet.set(key, destruction);
    return destruction;
  }

  /** What one identity's own `can` edges destroy, without following anything. */
  private ownDestruction(identity: number): OwnDestruction {
    const cached = this.owns.get(identity);
    if (cached) return cached;
    const { offsets, kind, flags, dst } = this.index;
    const ofEdge = this.index.pairs.ofEdge;
    const layout = (this.victimLayout ??= new VictimLayout(this.index));
    const { victimOf, containerOf } = layout;
    const d1: number[] = [];
    const d2: number[] = [];
    const destroy: number[] = [];
    const dying: number[] = [];
    const containers: number[] = [];
    const victimPairs: number[] = [];
    const victimD1: number[] = [];
    const victimD2: number[] = [];
    let d1TakesMore = false;
    for (let e = offsets[identity], end = offsets[identity + 1]; e < end; e++) {
      if (kind[e] !== CODE.can) continue;
      const cls = flags[e] & FLAG_CLASS_MASK;
      const target = dst[e];
      if ((cls === 1 || cls === 2) && victimOf[target] >= 0) {
        if (cls === 1) victimPairs.push(layout.pairOn(target, ofEdge[e]));
        (cls === 1 ? victimD1 : victimD2).push(victimOf[target]);
      }
      if (cls === 1) {
        d1.push(target);
        if (flags[e] & FLAG_DESTROYS_MORE) containers.push(containerOf[ofEdge[e]]);
        destroy.push(target);
        if (holdsOf(this.index, target) > 0) {
          d1TakesMore = true;
          for (const victim of closureOf(this.index, target).nodes) {
            destroy.push(victim);
            dying.push(victim);
          }
        }
      } else if (cls === 2) {
        d2.push(target);
        destroy.push(target);
      }
    }
    const own = {
      d1: sortedUnique(d1),
      d2: sortedUnique(d2),
      destroy: sortedUnique(destroy),
      dying: Int32Array.from(dying),
      d1TakesMore,
      containers: Int32Array.from(containers),
      victimPairs: Int32Array.from(victimPairs),
      victimD1: Int32Array.from(victimD1),
      victimD2: Int32Array.from(victimD2),
    };
    this.owns.set(identity, own);
    return own;
  }

  /**
   * A start's numbers by the counting rule, from its summary and its direct D1/D2 pairs (`counted`,
   * counted by WorstRows), without building its rows: D1 actions are its identities' D1 pairs plus what
   * dies with their D1 targets ((action, victim) pairs no identity it reaches grants directly), and so on.
   * Exact when every action has one class (`classesFollowActions`): then a direct (action, victim) pair of
   * a D1 action is a D1 pair of the start. Otherwise use the engine's counts (counts.ts).
   */
  countsOf(summary: ReachSummary, counted: { d1Pairs: number; d2Pairs: number }): DestructionCounts {
    const layout = (this.victimLayout ??= new VictimLayout(this.index));
    const m = (this.countMarks ??= {
      granted: new Uint32Array(layout.pairCount),
      d1Target: new Uint32Array(layout.victimCount),
      d2Target: new Uint32Array(layout.victimCount),
      container: new Uint32Array(layout.containerCount),
      victim: new Uint32Array(layout.victimCount),
      firstAction: new Int32Array(layout.victimCount),
      counted: new Uint8Array(layout.victimCount),
      epoch: 0,
    });
    m.epoch = (m.epoch + 1) >>> 0;
    if (m.epoch === 0) {
      for (const stamps of [m.granted, m.d1Target, m.d2Target, m.container, m.victim]) stamps.fill(0);
      m.epoch = 1;
    }
    const epoch = m.epoch;
    const owns = summary.identities.map((identity) => this.ownDestruction(identity));
    // What the start's identities grant on victims (all the questions below are about victims), stamped
    // for this count so that each question is one read: their D1 pairs, D1 targets and D2 targets.
    for (const own of owns) {
      for (let i = 0; i < own.victimPairs.length; i++) m.granted[own.victimPairs[i]] = epoch;
      for (let i = 0; i < own.victimD1.length; i++) m.d1Target[own.victimD1[i]] = epoch;
      for (let i = 0; i < own.victimD2.length; i++) m.d2Target[own.victimD2[i]] = epoch;
    }
    // What dies with each D1 target: (action, victim) once, unless the start has that pair directly.
    const victims: number[] = [];
    const moreActions = new Set<number>(); // (action, victim) beyond a victim's first action, rare (nested containers)
    let contained = 0;
    for (const own of owns) {
      for (let i = 0; i < own.containers.length; i++) {
        const container = own.containers[i];
        if (m.container[container] === epoch) continue;
        m.container[container] = epoch;
        const at = layout.victimsAt(container);
        const pool = layout.pool;
        const aid = layout.actionOf(container);
        for (let k = at + 1, end = at + 1 + pool[at] * 2; k < end; k += 2) {
          const victim = pool[k];
          if (m.victim[victim] !== epoch) {
            m.victim[victim] = epoch;
            m.firstAction[victim] = aid;
            m.counted[victim] = 0;
            victims.push(victim);
          } else if (m.firstAction[victim] === aid) continue; // this (action, victim) was decided already
          else {
            const key = aid * layout.victimCount + victim;
            if (moreActions.has(key)) continue;
            moreActions.add(key);
          }
          const direct = pool[k + 1];
          if (direct >= 0 && m.granted[direct] === epoch) continue;
          m.counted[victim] = 1;
          contained++;
        }
      }
    }
    let d1Extra = 0;
    let uncounted = 0;
    for (const victim of victims) {
      const isCounted = m.counted[victim] === 1;
      const inD1 = m.d1Target[victim] === epoch;
      if (isCounted && !inD1) d1Extra++;
      if (!isCounted && !inD1 && m.d2Target[victim] !== epoch) uncounted++;
    }
    return {
      d1Actions: counted.d1Pairs + contained,
      d2Actions: counted.d2Pairs,
      d1Resources: summary.d1Count + d1Extra,
      d2Resources: summary.d2Count,
      atRisk: summary.destroyCount - uncounted,
    };
  }

  /** Every `can` edge of one action has one class (collectors classify by action): countsOf is exact. */
  classesFollowActions(): boolean {
    if (this.classesFollowActionsMemo === undefined) {
      const { kind, flags, action, edgeCount } = this.index;
      const classOf = new Uint8Array(this.index.actions.length + 1);
      let agree = true;
      for (let e = 0; e < edgeCount && agree; e++) {
        if (kind[e] !== CODE.can) continue;
        const code = flags[e] & FLAG_CLASS_MASK || 7;
        const slot = action[e] + 1;
        if (classOf[slot] === 0) classOf[slot] = code;
        else if (classOf[slot] !== code) agree = false;
      }
      this.classesFollowActionsMemo = agree;
    }
    return this.classesFollowActionsMemo;
  }

  private victimLayout?: VictimLayout;
  /** countsOf's stamps, in VictimLayout's numbers, valid for `epoch`: see countsOf. */
  private countMarks?: {
    granted: Uint32Array;
    d1Target: Uint32Array;
    d2Target: Uint32Array;
    container: Uint32Array;
    victim: Uint32Array;
    firstAction: Int32Array;
    counted: Uint8Array;
    epoch: number;
  };
  private classesFollowActionsMemo?: boolean;

  /** Sorted union of sorted, unique lists, by stamping node ids (no merge, no hashing). */
  unionOf(lists: Int32Array[]): Int32Array {
    const nonEmpty = lists.filter((l) => l.length > 0);
    if (nonEmpty.length === 0) return EMPTY;
    if (nonEmpty.length <= 4) return nonEmpty.reduce(mergeSorted);
    const stamp = this.unionStamp();
    const { buffer, epoch } = this.union!;
    let count = 0;
    let min = Infinity;
    let max = -1;
    for (const list of nonEmpty) {
      min = Math.min(min, list[0]);
      max = Math.max(max, list[list.length - 1]);
      for (let i = 0; i < list.length; i++) {
        const node = list[i];
        if (stamp[node] === epoch) continue;
        stamp[node] = epoch;
        buffer[count++] = node;
      }
    }
    // Dense unions (agents reaching much of the estate) read back in order faster than they sort.
    if (count * 8 < max - min) return buffer.slice(0, count).sort();
    const sorted = new Int32Array(count);
    for (let node = min, at = 0; node <= max; node++) if (stamp[node] === epoch) sorted[at++] = node;
    return sorted;
  }

  /**
   * How many distinct nodes identities' d1, d2 and destroy lists hold together, without the lists. One
   * pass over d1, d2 and what dies with d1 counts all three (destroy is their union), instead of a pass
   * per list that walks every d1 and d2 node twice.
   */
  unionSizes(owns: readonly OwnDestruction[]): Record<DestructionList, number> {
    if (owns.length <= 1) return owns.length === 0 ? { d1: 0, d2: 0, destroy: 0 } : { d1: owns[0].d1.length, d2: owns[0].d2.length, destroy: owns[0].destroy.length };
    const any = this.unionStamp();
    const epoch = this.union!.epoch;
    const inD2 = (this.d2Stamp ??= new Uint8Array(this.index.nodeCount));
    let d1 = 0;
    let d2 = 0;
    for (const own of owns) {
      for (let i = 0; i < own.d1.length; i++) {
        const node = own.d1[i];
        if (any[node] === epoch) continue;
        any[node] = epoch;
        d1++;
      }
    }
    let destroy = d1;
    for (const own of owns) {
      for (let i = 0; i < own.d2.length; i++) {
        const node = own.d2[i];
        if (inD2[node] === epoch) continue;
        inD2[node] = epoch;
        d2++;
        if (any[node] === epoch) continue;
        any[node] = epoch;
        destroy++;
      }
    }
    for (const own of owns) {
      for (let i = 0; i < own.dying.length; i++) {
        const node = own.dying[i];
        if (any[node] === epoch) continue;
        any[node] = epoch;
        destroy++;
      }
    }
    return { d1, d2, destroy };
  }
  /** unionSizes' stamp of d2 nodes, at unionStamp's epoch (cleared with the union's stamps when it wraps). */
  private d2Stamp?: Uint8Array;

  /** The union's stamp array, at a fresh epoch. */
  private unionStamp(): Uint8Array {
    const u = (this.union ??= { stamp: new Uint8Array(this.index.nodeCount), epoch: 0, buffer: new Int32Array(this.index.nodeCount) });
    u.epoch = (u.epoch + 1) & 0xff;
    if (u.epoch === 0) {
      // Every array stamped with the union's epochs starts over with it: an old mark would read as new.
      u.stamp.fill(0);
      this.d2Stamp?.fill(0);
      u.epoch = 1;
    }
    return u.stamp;
  }

  /**
   * The nodes of a summary's `which` list that `mask` marks (mask[node] = 1), each once, in no particular
   * order, without building the sorted list. Each identity's own list is filtered once per mask (rules
   * ask about a few kinds of target: primaries, stores), so a start walks only the marked part. The
   * filtered lists are kept per mask object: fill a mask before the first call and leave it unchanged.
   */
  reachedAmong(summary: ReachSummary, which: DestructionList, mask: Uint8Array): number[] {
    const destruction = summary.group as Destruction;
    let filtered = this.maskedLists.get(mask);
    if (!filtered) this.maskedLists.set(mask, (filtered = new Map()));
    const lists: Int32Array[] = [];
    for (const own of destruction.ownDestructions) {
      const key = own[which];
      let list = filtered.get(key);
      if (!list) filtered.set(key, (list = key.filter((node) => mask[node] === 1)));
      if (list.length > 0) lists.push(list);
    }
    const found: number[] = [];
    if (lists.length === 1) {
      for (let i = 0; i < lists[0].length; i++) found.push(lists[0][i]);
      return found;
    }
    const stamp = this.unionStamp();
    const epoch = this.union!.epoch;
    for (const list of lists) {
      for (let i = 0; i < list.length; i++) {
        const node = list[i];
        if (stamp[node] === epoch) continue;
        stamp[node] = epoch;
        found.push(node);
      }
    }
    return found;
  }
}

/** What a set of identities destroys together: each list built when first read, counts without the lists. */
class Destruction {
  private lists: { d1?: Int32Array; d2?: Int32Array; destroy?: Int32Array } = {};
  private counts?: Record<DestructionList, number>;
  readonly d1TakesMore: boolean;

  constructor(
    private readonly summaries: DestructionSummaries,
    /** The identities' own destruction, those that destroy anything. */
    private readonly owns: OwnDestruction[],
  ) {
    this.d1TakesMore = owns.some((o) => o.d1TakesMore);
  }

  /** The identities' own destruction the lists are unions of. */
  get ownDestructions(): readonly OwnDestruction[] {
    return this.owns;
  }

  /** Membership, from the identities' own lists while they are few (most credentials), else the union. */
  has(which: DestructionList, node: number): boolean {
    const built = this.lists[which];
    if (built) return sortedHas(built, node);
    if (this.owns.length <= 8) return this.owns.some((o) => sortedHas(o[which], node));
    return sortedHas(this.list(which), node);
  }

  list(which: DestructionList): Int32Array {
    return (this.lists[which] ??= this.summaries.unionOf(this.owns.map((o) => o[which])));
  }

  count(which: DestructionList): number {
    if (this.lists[which]) return this.lists[which].length;
    return (this.counts ??= this.summaries.unionSizes(this.owns))[which];
  }
}

/** A start's reach summary; its resource lists are its identities' shared Destruction. */
class StartReach implements ReachSummary {
  constructor(
    readonly credentials: number[],
    readonly identities: number[],
    private readonly destruction: Destruction,
  ) {}

  get d1(): Int32Array {
    return this.destruction.list("d1");
  }
  get d2(): Int32Array {
    return this.destruction.list("d2");
  }
  get destroy(): Int32Array {
    return this.destruction.list("destroy");
  }
  get d1Count(): number {
    return this.destruction.count("d1");
  }
  get d2Count(): number {
    return this.destruction.count("d2");
  }
  get destroyCount(): number {
    return this.destruction.count("destroy");
  }
  get d1TakesMore(): boolean {
    return this.destruction.d1TakesMore;
  }
  get group(): object {
    return this.destruction;
  }
}

/** Sorted union of two sorted, unique lists. */
function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) out[n++] = a[i++];
    else if (a[i] > b[j]) out[n++] = b[j++];
    else {
      out[n++] = a[i++];
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return n === out.length ? out : out.slice(0, n);
}

function sortedUnique(values: number[]): Int32Array {
  const sorted = Int32Array.from(values).sort();
  let write = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[write++] = sorted[i];
  return sorted.slice(0, write);
}

export function sortedHas(sorted: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return true;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
