// Members per key, for maps with many keys and usually one member each: the gateway's sockets per topic (on a node,
// a visitor's conversation is followed by that visitor's socket alone) and the bus's handlers per topic. A lone
// member is stored as itself; a Set is made only for the second (two Sets per open conversation were ~270 B of an
// idle socket's heap, in a heap-snapshot diff).

/** Members of one key: the member itself, or a Set of two or more. Members must not be Sets themselves. */
type Group<T> = T | Set<T>;

export class Groups<K, T extends object> {
  private readonly groups = new Map<K, Group<T>>();

  /** Adds `member` under `key`; true when it is the key's first. */
  add(key: K, member: T): boolean {
    const group = this.groups.get(key);
    if (group === undefined) {
      this.groups.set(key, member);
      return true;
    }
    if (group instanceof Set) group.add(member);
    else if (group !== member) this.groups.set(key, new Set([group, member]));
    return false;
  }

  /** Removes `member` from `key`; true when that left the key empty (and so gone). */
  remove(key: K, member: T): boolean {
    const group = this.groups.get(key);
    if (group === undefined) return false;
    if (!(group instanceof Set)) {
      if (group !== member) return false;
      this.groups.delete(key);
      return true;
    }
    if (!group.delete(member)) return false;
    if (group.size === 1) this.groups.set(key, group.values().next().value as T);
    return false;
  }

  has(key: K, member: T): boolean {
    const group = this.groups.get(key);
    return group instanceof Set ? group.has(member) : group === member;
  }

  /** The key's members, copied: callers may add or remove while they go through them. */
  members(key: K): T[] {
    const group = this.groups.get(key);
    if (group === undefined) return [];
    return group instanceof Set ? [...group] : [group];
  }

  keys(): K[] {
    return [...this.groups.keys()];
  }

  clear() {
    this.groups.clear();
  }
}
