/**
 * One-at-a-time per key, within this process: work for a key waits for the work before it. Sign-ins use
 * it so that a burst of parallel attempts on one account (or from one address) cannot all pass the
 * throttle before the first failure is recorded.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // The last in line cleans up, so the map holds only keys with work waiting.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
