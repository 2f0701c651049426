// Symmetric crypto of the core (build/test/crypto_sym.wasm) against node:crypto (OpenSSL, native)
// and @noble (pure JS). The core runs a loop export inside Wasm so the host-call overhead is paid
// once per batch; each figure is the best of several timed batches.
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { gcm } from "@noble/ciphers/aes.js";
import { sha384 } from "@noble/hashes/sha2.js";
import { type Engine } from "../helpers/engine";
import { engineFactories } from "../helpers/engines";
import { ensureTestWasm } from "../helpers/test-wasm";

const TARGET_MS = 150;
const REPEATS = 5;

// Best ns/op of REPEATS batches, the batch size grown until a batch takes TARGET_MS.
async function measure(batch: (n: number) => Promise<void> | void): Promise<number> {
  let n = 1;
  for (;;) {
    const t = performance.now();
    await batch(n);
    const dt = performance.now() - t;
    if (dt >= TARGET_MS / 4) {
      n = Math.max(1, Math.round((n * TARGET_MS) / dt));
      break;
    }
    n *= 4;
  }
  let best = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t = process.hrtime.bigint();
    await batch(n);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / n);
  }
  return best;
}

async function put(e: Engine, b: Uint8Array): Promise<number> {
  const p = Number(await e.call("api_alloc", b.length));
  await e.write(p, b);
  return p;
}

type Row = [string, (n: number) => Promise<void> | void];

async function table(title: string, bytes: number, rows: Row[]): Promise<void> {
  const results: [string, number][] = [];
  for (const [name, fn] of rows) results.push([name, await measure(fn)]);
  const ref = results.find(([n]) => n === "node:crypto")![1];
  console.log(`\n${title}`);
  console.log(`${"implementation".padEnd(22)}${"ns/op".padStart(14)}${"MB/s".padStart(10)}${"vs node:crypto".padStart(16)}`);
  for (const [name, ns] of results) {
    const mbs = (bytes / ns) * 1e3;
    console.log(`${name.padEnd(22)}${ns.toFixed(0).padStart(14)}${mbs.toFixed(1).padStart(10)}${(ns / ref).toFixed(2).padStart(15)}x`);
  }
}

export async function run(): Promise<void> {
  const engines: Engine[] = [];
  for (const factory of engineFactories(() => ensureTestWasm("crypto_sym"))) {
    try {
      engines.push(await factory.make());
    } catch (err) {
      if (factory.name === "node") throw err;
      console.log(`(${factory.name} engine unavailable, skipped: ${(err as Error).message.split("\n")[0]})`);
    }
  }

  for (const size of [1024, 1 << 20]) {
    const data = randomBytes(size);
    const rows: Row[] = [];
    for (const e of engines) {
      const p = await put(e, data);
      const o = Number(await e.call("api_alloc", 48));
      rows.push([`core (${e.name})`, async (n) => void (await e.call("bench_sha384", n, p, size, o))]);
    }
    rows.push(["node:crypto", (n) => { for (let i = 0; i < n; i++) createHash("sha384").update(data).digest(); }]);
    rows.push(["@noble/hashes", (n) => { for (let i = 0; i < n; i++) sha384(data); }]);
    await table(`SHA-384, ${size >= 1 << 20 ? "1 MiB" : "1 KiB"}`, size, rows);
  }

  {
    const size = 16 * 1024;
    const key = randomBytes(32), iv = randomBytes(12), pt = randomBytes(size);
    const rows: Row[] = [];
    for (const e of engines) {
      const kp = await put(e, key), ip = await put(e, iv), sp = await put(e, pt);
      const dp = Number(await e.call("api_alloc", size + 16));
      // One keyed context per batch, as TLS keeps one per traffic key.
      rows.push([`core (${e.name})`, async (n) => void (await e.call("bench_gcm_seal", n, kp, 32, ip, sp, size, dp))]);
    }
    rows.push(["node:crypto", (n) => {
      for (let i = 0; i < n; i++) {
        const c = createCipheriv("aes-256-gcm", key, iv);
        c.update(pt); c.final(); c.getAuthTag();
      }
    }]);
    rows.push(["@noble/ciphers", (n) => { for (let i = 0; i < n; i++) gcm(key, iv).encrypt(pt); }]);
    await table("AES-256-GCM seal, 16 KiB", size, rows);
  }

  // The two halves of GCM on their own: raw AES (counter-mode blocks without GHASH) and GHASH
  // (a seal with 16 KiB of associated data and no plaintext, i.e. two AES blocks plus GHASH).
  {
    const size = 16 * 1024;
    const key = randomBytes(32), iv = randomBytes(12), data = randomBytes(size);
    const aesRows: Row[] = [];
    const ghashRows: Row[] = [];
    for (const e of engines) {
      const kp = await put(e, key), ip = await put(e, iv), sp = await put(e, data);
      const dp = Number(await e.call("api_alloc", size + 16));
      aesRows.push([`core (${e.name})`, async (n) => { for (let i = 0; i < n; i++) await e.call("aes_encrypt", kp, 32, sp, dp, size >> 6); }]);
      ghashRows.push([`core (${e.name})`, async (n) => { for (let i = 0; i < n; i++) await e.call("gcm_seal", kp, 32, ip, 12, sp, size, sp, 0, dp); }]);
    }
    const zero = Buffer.alloc(16);
    aesRows.push(["node:crypto", (n) => {
      for (let i = 0; i < n; i++) {
        const c = createCipheriv("aes-256-ctr", key, zero);
        c.update(data); c.final();
      }
    }]);
    ghashRows.push(["node:crypto", (n) => {
      for (let i = 0; i < n; i++) {
        const c = createCipheriv("aes-256-gcm", key, iv);
        c.setAAD(data); c.final(); c.getAuthTag();
      }
    }]);
    await table("AES-256 alone (CTR), 16 KiB", size, aesRows);
    await table("GHASH alone (GCM over 16 KiB of AAD), 16 KiB", size, ghashRows);
  }

  for (const e of engines) await e.close();
}
