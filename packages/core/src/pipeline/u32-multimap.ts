/**
 * An open-addressing hash multimap from 32-bit keys to 32-bit values in two typed arrays, for the dedup
 * indexes. A JavaScript Map spends about 50-80 bytes per entry plus a boxed number; this spends
 * 8 bytes per slot, at most 2 slots per entry (it doubles when over half full), so 8-16 bytes per entry,
 * and the garbage collector never has to walk it.
 *
 * Equal keys are stored in separate slots (linear probing keeps them in one run), so `forEach` visits
 * every value stored under a key. There is no delete: dedup indexes only grow during a run.
 */
export class U32MultiMap {
  private keys: Uint32Array;
  private values: Uint32Array;
  /** Slot occupancy: values are stored +1 so that 0 marks an empty slot. */
  private count = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.values = new Uint32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the two arrays (what the dedup operators report as their memory). */
  get bytes(): number {
    return this.keys.byteLength + this.values.byteLength;
  }

  add(key: number, value: number): void {
    if (value >>> 0 === 0xffffffff) throw new RangeError('value 2^32-1 is reserved');
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    this.insert(key >>> 0, (value + 1) >>> 0);
    this.count++;
  }

  /** Calls `visit` with each value stored under `key`; stops early when it returns true. */
  forEach(key: number, visit: (value: number) => boolean | void): void {
    const k = key >>> 0;
    const mask = this.keys.length - 1;
    for (let slot = k & mask; this.values[slot] !== 0; slot = (slot + 1) & mask) {
      if (this.keys[slot] === k && visit((this.values[slot] as number) - 1) === true) return;
    }
  }

  has(key: number): boolean {
    let found = false;
    this.forEach(key, () => (found = true));
    return found;
  }

  private insert(key: number, storedValue: number): void {
    const mask = this.keys.length - 1;
    let slot = key & mask;
    while (this.values[slot] !== 0) slot = (slot + 1) & mask;
    this.keys[slot] = key;
    this.values[slot] = storedValue;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.values = new Uint32Array(oldValues.length * 2);
    for (let i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] !== 0) this.insert(oldKeys[i] as number, oldValues[i] as number);
    }
  }
}
