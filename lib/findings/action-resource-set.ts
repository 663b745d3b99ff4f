/**
 * A set of (action, resource) pairs for one scan at a time, without a hash map: per resource a short
 * chain of its actions, stamped with the scan's epoch so clearing is one increment. Scans of an agent
 * touch hundreds of thousands of pairs, where a Set of composite keys cost most of the time.
 */
export class ActionResourceSet {
  private epoch = 0;
  private readonly stamp: Uint32Array;
  private readonly head: Int32Array;
  private next = new Int32Array(1024);
  private action = new Int32Array(1024);
  private count = 0;

  constructor(nodeCount: number) {
    this.stamp = new Uint32Array(nodeCount);
    this.head = new Int32Array(nodeCount);
  }

  /** Empties the set (O(1)). */
  clear(): void {
    this.epoch = (this.epoch + 1) >>> 0;
    if (this.epoch === 0) {
      this.stamp.fill(0);
      this.epoch = 1;
    }
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  has(action: number, resource: number): boolean {
    if (this.stamp[resource] !== this.epoch) return false;
    for (let at = this.head[resource]; at >= 0; at = this.next[at]) if (this.action[at] === action) return true;
    return false;
  }

  /** Adds a pair known to be absent (check with `has` first). */
  add(action: number, resource: number): void {
    if (this.count === this.next.length) {
      this.next = grow(this.next);
      this.action = grow(this.action);
    }
    const at = this.count++;
    this.action[at] = action;
    this.next[at] = this.stamp[resource] === this.epoch ? this.head[resource] : -1;
    this.stamp[resource] = this.epoch;
    this.head[resource] = at;
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
