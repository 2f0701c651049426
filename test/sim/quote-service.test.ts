// The simulated quote service: quotes verify with the core's verifier (test root), with an
// independent node:crypto check and with @phala/dcap-qvl's parser; forged reports get no quote.
import { createRequire } from "node:module";
import { X509Certificate } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { TdxModule } from "../../scripts/sim/tdx-module.ts";
import { QGS, QuoteService, parseQgsResponse, qgsGetQuoteRequest } from "../../scripts/sim/quote-service.ts";
import { buildPckChain, defaultPckChain, testRootDer, PLATFORM_CA_CN, ROOT_CN } from "../../scripts/sim/pck-chain.ts";
import { CoreLibrary } from "../../scripts/host/library.ts";
import { coreWasm } from "../helpers/scenarios.ts";
import { checkQuoteIndependently, pemCerts, splitQuote } from "./helpers.ts";

const qvl = createRequire(import.meta.url)("@phala/dcap-qvl");
const NONE = new Uint8Array(0);
const now = () => BigInt(Math.floor(Date.now() / 1000));

let tdx: TdxModule;
let qs: QuoteService;
let lib: CoreLibrary;

beforeAll(() => {
  tdx = new TdxModule();
  tdx.rtmr[2] = new Uint8Array(48).fill(0x22);
  qs = new QuoteService(tdx);
  lib = CoreLibrary.load(coreWasm);
});

const report = (fill = 0x5a) => tdx.buildReport(new Uint8Array(64).fill(fill));

describe("PCK chain", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(Buffer.from(buildPckChain().pem)).toEqual(Buffer.from(defaultPckChain().pem));
    expect(Buffer.from(buildPckChain({ seed: "other" }).root.der)).not.toEqual(Buffer.from(testRootDer()));
  });

  it("parses with OpenSSL: root self-signed CA, platform CA, PCK leaf with the SGX extension", () => {
    const [leaf, ca, root] = pemCerts(defaultPckChain().pem);
    expect(root.subject).toContain(`CN=${ROOT_CN}`);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(root.ca && ca.ca && !leaf.ca).toBe(true);
    expect(ca.subject).toContain(`CN=${PLATFORM_CA_CN}`);
    expect(Buffer.from(root.raw)).toEqual(Buffer.from(testRootDer()));
    expect(new X509Certificate(Buffer.from(testRootDer())).publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  it("dcap-qvl reads the PCK extension (PPID, CPUSVN, PCESVN, PCE-ID, FMSPC, SGX type)", () => {
    const c = defaultPckChain();
    const ext = qvl.utils.getIntelExtension(Buffer.from(c.pck.der));
    const find = (oid: string) => Buffer.from(qvl.utils.findExtension([oid], ext));
    expect(find(qvl.oids.PPID)).toEqual(Buffer.from(c.tcb.ppid));
    expect(find(qvl.oids.PCEID)).toEqual(Buffer.from(c.tcb.pceId));
    // dcap-qvl hands ENUMERATED values back as whole TLVs (so its parsePckExtension throws on
    // any PCK certificate); the SGX type is ENUMERATED 0 (Standard).
    expect(find(qvl.oids.SGX_TYPE).toString("hex")).toBe("0a0100");
    expect(Buffer.from(qvl.utils.getFmspc(ext))).toEqual(Buffer.from(c.tcb.fmspc));
    expect(Buffer.from(qvl.utils.getCpuSvn(ext))).toEqual(Buffer.from(c.tcb.cpuSvn));
    expect(qvl.utils.getPceSvn(ext)).toBe(c.tcb.pceSvn);
  });
});

describe("quotes", () => {
  it("verify with the core's verifier under the test root, with the PCK TCB the chain carries", () => {
    const q = qs.quote(report())!;
    const r = lib.callJson("api_quote_verify", q, testRootDer(), NONE, now());
    expect(r.error).toBeNull();
    expect(r.verified).toBe(true);
    expect(r.version).toBe(4);
    expect(r.teeType).toBe("0x81");
    expect(r.fmspc).toBe(Buffer.from(qs.chain.tcb.fmspc).toString("hex"));
    expect(r.pceSvn).toBe(qs.chain.tcb.pceSvn);
    expect(r.body.reportData).toBe("5a".repeat(64));
    expect(r.body.rtmr[2]).toBe("22".repeat(48));
    expect(r.body.mrtd).toBe(Buffer.from(tdx.mrtd).toString("hex"));
  });

  it("are rejected by the core under another root and when a byte is flipped", () => {
    const q = qs.quote(report())!;
    const other = buildPckChain({ seed: "other" }).root.der;
    expect(lib.callJson("api_quote_verify", q, other, NONE, now()).errorCode).toBe("ChainUntrustedRoot");
    for (const [off, code] of [[48 + 520, "QuoteSignature"], [636 + 64 + 3, "QeReportDataMismatch"], [636 + 134 + 10, "QeReportSignature"]] as const) {
      const bad = q.slice();
      bad[off] ^= 1;
      expect(lib.callJson("api_quote_verify", bad, testRootDer(), NONE, now()).errorCode).toBe(code);
    }
  });

  it("pass an independent node:crypto check and carry the report's fields in the body", () => {
    const rep = report(0x33);
    const q = qs.quote(rep)!;
    expect(checkQuoteIndependently(q, testRootDer())).toEqual([]);
    const s = splitQuote(q);
    expect(s.header.readUInt16LE(0)).toBe(4);
    expect(s.header.readUInt16LE(2)).toBe(2);
    expect(s.header.readUInt32LE(4)).toBe(0x81);
    expect([s.certType, s.innerType]).toEqual([6, 5]);
    expect(s.certLen).toBe(s.sigLen - 134);
    expect(Buffer.from(s.body.subarray(0, 16))).toEqual(Buffer.from(rep.subarray(264, 280))); // TEE_TCB_SVN
    expect(Buffer.from(s.body.subarray(16, 64))).toEqual(Buffer.from(rep.subarray(280, 328))); // MRSEAM
    expect(Buffer.from(s.body.subarray(120, 520))).toEqual(Buffer.from(rep.subarray(512, 912))); // TDINFO prefix
    expect(Buffer.from(s.body.subarray(520, 584))).toEqual(Buffer.from(rep.subarray(128, 192))); // REPORTDATA
    expect(q.length).toBe(636 + s.sigLen);
  });

  it("parse with @phala/dcap-qvl (its verify needs signed collateral, which this chain has none of)", () => {
    const q = qs.quote(report())!;
    const parsed = qvl.Quote.parse(Buffer.from(q));
    expect(parsed.header.version).toBe(4);
    expect(parsed.header.teeType).toBe(0x81);
    expect(parsed.signedLength()).toBe(632);
    expect(parsed.report.type).toBe("td10");
    expect(Buffer.from(qvl.intel.getFmspc(parsed))).toEqual(Buffer.from(qs.chain.tcb.fmspc));
  });

  it("are not issued for a forged TDREPORT (bad MAC) or a report of another module", () => {
    const forged = report();
    forged[130] ^= 1;
    const refusedBefore = qs.reportsRefused;
    expect(qs.quote(forged)).toBeNull();
    expect(qs.quote(new TdxModule().buildReport(new Uint8Array(64)))).toBeNull();
    expect(qs.quote(report().subarray(0, 1000))).toBeNull();
    expect(qs.reportsRefused).toBe(refusedBefore + 3);
  });
});

describe("QGS messages", () => {
  it("GET_QUOTE_REQ -> GET_QUOTE_RESP with the quote", () => {
    const r = parseQgsResponse(qs.serve(qgsGetQuoteRequest(report())))!;
    expect(r.errorCode).toBe(QGS.SUCCESS);
    expect(lib.callJson("api_quote_verify", r.quote!, testRootDer(), NONE, now()).verified).toBe(true);
  });

  it("answers errors for a forged report, a bad version, a bad type and a bad size", () => {
    const forged = report();
    forged[200] ^= 1;
    expect(parseQgsResponse(qs.serve(qgsGetQuoteRequest(forged)))).toEqual({ errorCode: QGS.ERROR_INVALID_PARAMETER, quote: null });
    const req = qgsGetQuoteRequest(report());
    const v = (m: Uint8Array) => new DataView(m.buffer);
    const badVersion = req.slice(); v(badVersion).setUint16(0, 2, true);
    const badType = req.slice(); v(badType).setUint32(4, 5, true); // 2 is GET_COLLATERAL_REQ
    const badSize = req.slice(); v(badSize).setUint32(8, 100, true);
    expect(parseQgsResponse(qs.serve(badVersion))!.errorCode).toBe(QGS.ERROR_INVALID_VERSION);
    expect(parseQgsResponse(qs.serve(badType))!.errorCode).toBe(QGS.ERROR_INVALID_TYPE);
    expect(parseQgsResponse(qs.serve(badSize))!.errorCode).toBe(QGS.ERROR_INVALID_SIZE);
    expect(parseQgsResponse(qs.serve(req.subarray(0, 20)))!.errorCode).toBe(QGS.ERROR_INVALID_SIZE);
  });
});
