// Fetching the PCS v4 responses bundle.ts needs from a PCCS (or Intel's PCS): the four GETs and
// the issuer-chain headers, over http or https (a PCCS usually has a self-signed certificate:
// --insecure). Loopback or the operator's own PCCS only; nothing else is contacted.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { InputError } from "../command.ts";
import type { BundleInputs, Part } from "./bundle.ts";

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

function get(url: URL, insecure: boolean, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, { method: "GET", rejectUnauthorized: !insecure, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

export async function fetchFromPccs(base: string, fmspcs: string[], o: { insecure?: boolean; ca?: "platform" | "processor"; timeoutMs?: number } = {}): Promise<BundleInputs> {
  let root: URL;
  try {
    root = new URL(base.endsWith("/") ? base : base + "/");
  } catch {
    throw new InputError(`--pccs '${base}': not a URL`);
  }
  if (root.protocol !== "http:" && root.protocol !== "https:") throw new InputError(`--pccs '${base}': http or https only`);
  const fetchOne = async (path: string, header?: string): Promise<{ body: Part; chain?: Part }> => {
    const url = new URL(path, root);
    let r: Reply;
    try {
      r = await get(url, o.insecure ?? false, o.timeoutMs ?? 15_000);
    } catch (e) {
      throw new InputError(`PCCS ${url}: ${(e as Error).message}`, url.toString());
    }
    if (r.status !== 200) throw new InputError(`PCCS ${url}: HTTP ${r.status}${r.body.length ? `: ${r.body.toString("utf8").slice(0, 200)}` : ""}`, url.toString());
    const out: { body: Part; chain?: Part } = { body: { name: url.toString(), bytes: r.body } };
    if (header) {
      const h = r.headers[header.toLowerCase()];
      const v = Array.isArray(h) ? h[0] : h;
      if (!v) throw new InputError(`PCCS ${url}: no ${header} header`, url.toString(), header);
      out.chain = { name: `${url} (${header})`, bytes: Buffer.from(decodeURIComponent(v)) };
    }
    return out;
  };
  const tcb = [];
  let tcbChain: Part | undefined;
  for (const f of fmspcs) {
    const r = await fetchOne(`tdx/certification/v4/tcb?fmspc=${encodeURIComponent(f)}`, "TCB-Info-Issuer-Chain");
    tcb.push(r.body);
    tcbChain ??= r.chain;
  }
  const qe = await fetchOne("tdx/certification/v4/qe/identity", "SGX-Enclave-Identity-Issuer-Chain");
  const pck = await fetchOne(`sgx/certification/v4/pckcrl?ca=${o.ca ?? "platform"}&encoding=der`, "SGX-PCK-CRL-Issuer-Chain");
  const rootCrl = await fetchOne("sgx/certification/v4/rootcacrl");
  return {
    tcbInfo: tcb, tcbInfoIssuerChain: tcbChain!, qeIdentity: qe.body, qeIdentityIssuerChain: qe.chain,
    pckCrl: pck.body, pckCrlIssuerChain: pck.chain!, rootCaCrl: rootCrl.body,
  };
}
