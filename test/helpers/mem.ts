// Pointer bookkeeping over an Engine: inputs copied in with api_alloc, outputs read back,
// everything freed with api_free at the end of a test.
import type { Engine } from "./engine";

export class Mem {
  private ptrs: number[] = [];
  constructor(readonly e: Engine) {}

  async put(b: Uint8Array): Promise<number> {
    const p = Number(await this.e.call("api_alloc", b.length));
    this.ptrs.push(p);
    if (b.length) await this.e.write(p, b);
    return p;
  }

  // A zeroed output buffer of n bytes.
  async out(n: number): Promise<number> {
    return this.put(new Uint8Array(n));
  }

  async free(): Promise<void> {
    for (const p of this.ptrs.splice(0)) await this.e.call("api_free", p);
  }
}
