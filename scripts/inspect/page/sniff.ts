// What a dropped file is, from its bytes (names are only a hint people get wrong).
import type { BrowserCore } from "./core.ts";
import { isImage } from "./views/policy-v2.ts";

export type Kind = "quote" | "collateral" | "root" | "chain" | "eventlog" | "tdreport" | "policy" | "policyv2" | "image" | "report" | "ratls" | "unknown";

export interface Sniffed {
  kind: Kind;
  why: string;
}

const text = (b: Uint8Array) => new TextDecoder("utf-8", { fatal: false }).decode(b);

export function sniff(core: BrowserCore, b: Uint8Array): Sniffed {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // A MigTD firmware image: it opens with its config volume (migtd.md 5.1-5.2).
  if (isImage(b)) return { kind: "image", why: "firmware image (config volume header at offset 0)" };
  // TDX quote: u16 version 4 or 5, TEE type 0x81 at offset 4 (tdx-abi.md §5.2).
  if (b.length >= 48 && [4, 5].includes(dv.getUint16(0, true)) && dv.getUint32(4, true) === 0x81) {
    return { kind: "quote", why: "TDX quote header (TEE type 0x81)" };
  }
  // TDREPORT: 1024 bytes, REPORTTYPE.TYPE 0x81 (tdx-abi.md §5.1).
  if (b.length === 1024 && b[0] === 0x81) return { kind: "tdreport", why: "1024 bytes, report type 0x81" };
  // CCEL: the first record is the TCG spec-ID event (MR index 0, EV_NO_ACTION = 3).
  if (b.length >= 32 && dv.getUint32(0, true) === 0 && dv.getUint32(4, true) === 3) {
    return { kind: "eventlog", why: "starts with a TCG spec-ID event" };
  }
  let start = 0;
  while (start < b.length && (b[start] === 0 || b[start] === 0x20 || b[start] === 0x0a || b[start] === 0x0d || b[start] === 0x09 || b[start] === 0xef || b[start] === 0xbb || b[start] === 0xbf)) start++;
  if (b[start] === 0x7b) {
    const s = text(b);
    // First: a signed policy v2 also has "policy" and "platforms" members inside its policyData.
    if (/"policyData"\s*:\s*\{/.test(s.slice(0, 4096))) return { kind: "policyv2", why: "JSON with policyData: a signed policy v2" };
    if (/"platforms"\s*:|"tcb_info"\s*:/.test(s)) return { kind: "collateral", why: "JSON with platforms / tcb_info" };
    if (/"policy"\s*:/.test(s)) return { kind: "policy", why: "JSON with a policy member" };
    return { kind: "unknown", why: "JSON, but neither collateral nor a policy" };
  }
  const isPem = text(b.subarray(0, 64)).includes("-----BEGIN CERTIFICATE");
  // Several PEM certificates: an issuer chain (a signed policy v2's, leaf first).
  if (isPem && (text(b).match(/-----BEGIN CERTIFICATE-----/g) ?? []).length > 1) return { kind: "chain", why: "PEM certificate chain: a policy issuer chain" };
  if (isPem || (b[0] === 0x30 && b.length > 100)) {
    const der = isPem ? pemToDer(text(b)) : b;
    if (der) {
      const r = core.callJson("api_inspect_ratls", der);
      if (r.error === null) return { kind: "ratls", why: "certificate with MigTD quote and event log extensions" };
      if (r.errorCode !== "Malformed") return { kind: "root", why: "certificate without MigTD extensions: a root CA" };
    }
  }
  // MigTD verified report (migtd.md §2.6): 822 bytes (734 in MigTD v0.4.9).
  if (b.length === 822 || b.length === 734) return { kind: "report", why: `${b.length}-byte verified report` };
  return { kind: "unknown", why: "not a quote, TDREPORT, CCEL log, collateral, policy, certificate or verified report" };
}

export function pemToDer(s: string): Uint8Array | null {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(s);
  if (!m) return null;
  try {
    const bin = atob(m[1].replace(/\s+/g, ""));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
