// Host-side shared memory for the Node host: fixed pool of 4 KiB pages, handles to page runs.
import { PAGE_SIZE, SHARED_BIT, SHARED_POOL_BASE, SHARED_POOL_PAGES } from "./gpa.ts";

export class SharedPool {
  readonly bytes = new Uint8Array(SHARED_POOL_PAGES * PAGE_SIZE);
  private readonly used = new Uint8Array(SHARED_POOL_PAGES);
  private readonly handles = new Map<number, { first: number; pages: number }>();
  private nextHandle = 0;

  alloc(pages: number): number {
    if (pages <= 0 || pages > SHARED_POOL_PAGES) return -2;
    for (let first = 0; first + pages <= SHARED_POOL_PAGES; first++) {
      let free = true;
      for (let i = 0; i < pages && free; i++) free = this.used[first + i] === 0;
      if (!free) continue;
      this.used.fill(1, first, first + pages);
      this.bytes.fill(0, first * PAGE_SIZE, (first + pages) * PAGE_SIZE);
      const h = this.nextHandle++ & 0x7fff_ffff;
      this.handles.set(h, { first, pages });
      return h;
    }
    return -2;
  }

  region(h: number): { offset: number; size: number } | undefined {
    const r = this.handles.get(h);
    return r && { offset: r.first * PAGE_SIZE, size: r.pages * PAGE_SIZE };
  }

  gpa(h: number): bigint | undefined {
    const r = this.region(h);
    return r && (SHARED_BIT | (SHARED_POOL_BASE + BigInt(r.offset)));
  }

  free(h: number): void {
    const r = this.handles.get(h);
    if (!r) return;
    this.bytes.fill(0, r.first * PAGE_SIZE, (r.first + r.pages) * PAGE_SIZE);
    this.used.fill(0, r.first, r.first + r.pages);
    this.handles.delete(h);
  }

  // A GPA range inside the pool (any pages, as a device would see them), or undefined.
  resolve(gpa: bigint, len: number): number | undefined {
    if ((gpa & SHARED_BIT) === 0n) return undefined;
    const off = (gpa & ~SHARED_BIT) - SHARED_POOL_BASE;
    if (off < 0n || off + BigInt(len) > BigInt(this.bytes.length)) return undefined;
    return Number(off);
  }

  get inUse(): number {
    return this.used.reduce((a, b) => a + b, 0);
  }
}
