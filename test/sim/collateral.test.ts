// The simulated quote service's collateral (scripts/sim/collateral.ts) against two independent
// checkers: node:crypto / @peculiar/x509 for signatures and CRLs, and the core's verifier for the
// TCB verdict of each injected fault. Every date is fixed (issued 2031-03-01), so nothing here
// depends on today's date.
import { X509Certificate, verify as nodeVerify } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import "../tls/reflect-shim";
import * as x509 from "@peculiar/x509";
import { TdxModule } from "../../scripts/sim/tdx-module.ts";
import { QGS, QuoteService, qgsCollateralResponse } from "../../scripts/sim/quote-service.ts";
import { defaultPckChain, testRootDer } from "../../scripts/sim/pck-chain.ts";
import { COLLATERAL_FAULTS, CollateralFault, buildCollateral, collateralBundleJson } from "../../scripts/sim/collateral.ts";
import { CoreLibrary } from "../../scripts/host/library.ts";
import { coreWasm } from "../helpers/scenarios.ts";
import { pemCerts } from "./helpers.ts";

const ISSUED = new Date(Date.UTC(2031, 2, 1));
const AT = BigInt(ISSUED.getTime() / 1000);
let tdx: TdxModule;
let qs: QuoteService;
let lib: CoreLibrary;
let quote: Uint8Array;

beforeAll(() => {
  tdx = new TdxModule();
  qs = new QuoteService(tdx);
  lib = CoreLibrary.load(coreWasm);
  quote = qs.quote(tdx.buildReport(new Uint8Array(64).fill(7)))!;
});

function parts(fault?: CollateralFault) {
  const q = qs.qeReport();
  const v = new DataView(q.buffer);
  return buildCollateral({
    chain: defaultPckChain(), teeTcbSvn: tdx.teeTcbSvn, issuedAt: ISSUED, fault,
    qe: { mrSigner: q.subarray(128, 160), isvProdId: v.getUint16(256, true), isvSvn: v.getUint16(258, true), miscSelect: v.getUint32(16, true), attributes: q.subarray(48, 64) },
  });
}
const bundle = (fault?: CollateralFault) => Buffer.from(collateralBundleJson(parts(fault), "00806F050000"));

describe("simulated collateral, checked independently", () => {
  it("TCB info and QE identity are signed (P-256, raw r||s over the exact inner JSON) by a TCB signing certificate under the test root", () => {
    const p = parts();
    const [signer, root] = pemCerts(p.tcbInfoIssuerChain);
    expect(Buffer.from(root.raw)).toEqual(Buffer.from(testRootDer()));
    expect(signer.verify(root.publicKey)).toBe(true);
    for (const [body, field] of [[p.tcbInfo, "tcbInfo"], [p.qeIdentity, "enclaveIdentity"]] as const) {
      const sig = Buffer.from(JSON.parse(body).signature, "hex");
      const inner = body.slice(field.length + 4, body.lastIndexOf(',"signature"'));
      expect(JSON.parse(inner)).toEqual(JSON.parse(body)[field]);
      expect(nodeVerify("sha256", Buffer.from(inner), { key: signer.publicKey, dsaEncoding: "ieee-p1363" }, sig)).toBe(true);
    }
  });

  it("CRLs parse with @peculiar/x509, verify with their issuers, and list exactly the revoked serials", async () => {
    const chain = defaultPckChain();
    const serial = (der: Uint8Array) => new X509Certificate(der).serialNumber.toLowerCase();
    const check = async (der: Uint8Array, issuerDer: Uint8Array) => {
      const crl = new x509.X509Crl(der);
      expect(await crl.verify({ publicKey: await new x509.X509Certificate(issuerDer).publicKey.export() })).toBe(true);
      return crl.entries.map((e) => e.serialNumber.toLowerCase());
    };
    expect(await check(parts().rootCaCrl, chain.root.der)).toEqual([]);
    expect(await check(parts().pckCrl, chain.platformCa.der)).toEqual([]);
    expect(await check(parts("revoked-pck").pckCrl, chain.platformCa.der)).toEqual([serial(chain.pck.der)]);
    expect(await check(parts("revoked-intermediate").rootCaCrl, chain.root.der)).toEqual([serial(chain.platformCa.der)]);
  });
});

describe("the core's verdict on each fault (api_quote_verify at the collateral's issue time)", () => {
  const expectations: Record<CollateralFault, { errorCode: string | null; tcbStatus?: string }> = {
    "revoked-pck": { errorCode: "CertRevoked" },
    "revoked-intermediate": { errorCode: "CertRevoked" },
    "missing-crl": { errorCode: "CrlMissing" },
    "expired": { errorCode: "CollateralExpired" },
    "tcb-outofdate": { errorCode: null, tcbStatus: "OutOfDate" },
    "tcb-revoked": { errorCode: "TcbRevoked" },
    "tcb-nomatch": { errorCode: "TcbNoMatchingLevel" },
    "wrong-fmspc": { errorCode: "CollateralNoPlatform" },
    "bad-signature": { errorCode: "CollateralSignature" },
  };

  it("sound collateral: UpToDate", () => {
    const r = lib.callJson("api_quote_verify", quote, testRootDer(), bundle(), AT);
    expect(r.error).toBeNull();
    expect(r.tcbStatus).toBe("UpToDate");
  });

  it.each(COLLATERAL_FAULTS)("%s", (fault) => {
    const r = lib.callJson("api_quote_verify", quote, testRootDer(), bundle(fault), AT);
    const want = expectations[fault];
    expect(r.errorCode, r.error).toBe(want.errorCode);
    if (want.errorCode) expect(r.resultCode).toBe(7);
    else expect(r.tcbStatus).toBe(want.tcbStatus);
  });

  it("the session path judges at the newest issue date, so a far-future floor makes the same collateral stale", () => {
    const ok = lib.callJson("api_session_verify", quote, testRootDer(), bundle(), 0n, 0);
    expect(ok.error).toBeNull();
    expect(BigInt(ok.at)).toBe(AT - 3600n); // documents are issued an hour before `issuedAt`
    const late = lib.callJson("api_session_verify", quote, testRootDer(), bundle(), AT + 31n * 86400n, 0);
    expect(late.errorCode).toBe("CrlExpired");
  });
});

describe("the time floor (session/time_floor.ts)", () => {
  it("once collateral issued in 2031 has verified, collateral from 2029 is refused: the floor never goes back", () => {
    const fresh = CoreLibrary.load(coreWasm); // its own floor
    const q = qs.qeReport();
    const v = new DataView(q.buffer);
    const at = (d: Date) => Buffer.from(collateralBundleJson(buildCollateral({
      chain: defaultPckChain(), teeTcbSvn: tdx.teeTcbSvn, issuedAt: d,
      qe: { mrSigner: q.subarray(128, 160), isvProdId: v.getUint16(256, true), isvSvn: v.getUint16(258, true), miscSelect: v.getUint32(16, true), attributes: q.subarray(48, 64) },
    }), "00806F050000"));
    const y2029 = at(new Date(Date.UTC(2029, 0, 1)));
    expect(fresh.callJson("api_session_verify", quote, testRootDer(), y2029, 0n, 1).error).toBeNull();
    expect(fresh.callJson("api_session_verify", quote, testRootDer(), bundle(), 0n, 1).error).toBeNull();
    const back = fresh.callJson("api_session_verify", quote, testRootDer(), y2029, 0n, 1);
    expect(back.errorCode).toBe("CrlExpired");
    expect(BigInt(back.at)).toBe(AT - 3600n);
    // A tool judging one quote on its own (remember = 0) is not bound by what the instance saw.
    expect(fresh.callJson("api_session_verify", quote, testRootDer(), y2029, 0n, 0).error).toBeNull();
  });
});

describe("GET_COLLATERAL_RESP decoding (the core's session/collateral_request.ts)", () => {
  // A completed GetQuote buffer: GHCI header, big-endian length, the QGS message.
  function buffer(msg: Uint8Array, opts: { status?: bigint; size?: number } = {}): Uint8Array {
    const b = new Uint8Array(opts.size ?? 64 * 1024);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, 1n, true);
    v.setBigUint64(8, opts.status ?? 0n, true);
    v.setUint32(20, 4 + msg.length, true);
    v.setUint32(24, msg.length, false);
    b.set(msg, 28);
    return b;
  }
  const fmspc = Uint8Array.from([0x00, 0x80, 0x6f, 0x05, 0x00, 0x00]);
  const decode = (b: Uint8Array) => lib.callJson("api_collateral_response", b, fmspc);

  it("reads the seven parts of a well-formed answer (with and without the library's 4 trailing bytes)", () => {
    const msg = qgsCollateralResponse(QGS.SUCCESS, parts());
    const r = decode(buffer(msg));
    expect(r.error).toBeNull();
    expect(r.collateral).toBe(true);
    expect(r.parts.split(",")).toHaveLength(7);
    const short = msg.slice(0, msg.length - 4);
    new DataView(short.buffer).setUint32(8, short.length, true);
    expect(decode(buffer(short)).collateral).toBe(true);
  });

  it("reports busy statuses without error, for the caller to retry", () => {
    for (const status of [0xffff_ffff_ffff_ffffn, 0x8000_0000_0000_0000n, 0x8000_0000_0000_0001n]) {
      const r = decode(buffer(new Uint8Array(0), { status }));
      expect(r.error).toBeNull();
      expect(r.status).toBe("0x" + status.toString(16));
      expect(r.collateral).toBe(false);
    }
  });

  it("refuses malformed, truncated, oversized and error answers with a reason", () => {
    const good = qgsCollateralResponse(QGS.SUCCESS, parts());
    const mutate = (f: (v: DataView, m: Uint8Array) => void) => { const m = good.slice(); f(new DataView(m.buffer), m); return m; };
    const cases: [string, Uint8Array, RegExp][] = [
      ["QGS error", qgsCollateralResponse(QGS.ERROR_UNEXPECTED, null), /quote service error 0x12001/],
      ["wrong type", mutate((v) => v.setUint32(4, 1, true)), /malformed/],
      ["size field lies", mutate((v) => v.setUint32(8, 100, true)), /malformed/],
      ["parts longer than the message", mutate((v) => v.setUint32(20 + 4 * 4, v.getUint32(20 + 4 * 4, true) + 10, true)), /do not add up/],
      ["an empty part", mutate((v) => { v.setUint32(20, 0, true); }), /do not add up|empty/],
      ["an oversized part", mutate((v) => v.setUint32(20 + 4 * 4, 0x100000, true)), /over the limit/],
      ["truncated", good.slice(0, 40), /malformed|invalid/],
      ["garbage TCB info", mutate((_v, m) => { const at = m.indexOf(0x7b, 48 + 900); m[at] = 0x78; }), /TCB info|QE identity|CRL/],
    ];
    for (const [name, msg, why] of cases) {
      const r = decode(buffer(msg));
      expect(r.collateral, name).toBe(false);
      expect(r.error, name).toMatch(why);
    }
    // out_len larger than the buffer
    expect(decode(buffer(good).slice(0, 1024)).error).toMatch(/invalid|length/);
  });
});
