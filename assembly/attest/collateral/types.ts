// Collateral for quote verification (Intel PCS / PCCS data), independent of its wire format.
// Parsed collateral is never changed after its loader returns it: the parse cache
// (parse_cache.ts) hands the same objects to later verifications, and the digests and parsed
// documents below are computed once per object.
import { Crl } from "../../x509/crl";
import { FieldDigest } from "../field_digest";
import { TcbInfoParse, parseTcbInfo } from "./tcbinfo";
import { QeIdentityParse, parseQeIdentity } from "./qeidentity";

// A signed Intel JSON document: the exact signed bytes, the raw r||s ECDSA-P256 signature and the
// PEM chain of the signing certificate (Intel SGX TCB Signing, up to the root).
export class SignedJson {
  private memoDigest: Uint8Array | null = null;
  private memoTcb: TcbInfoParse | null = null;
  private memoQe: QeIdentityParse | null = null;

  constructor(public readonly body: Uint8Array, public readonly signature: Uint8Array, public readonly issuerChainPem: Uint8Array) {}

  // Identity of the document with its signature and chain.
  digest(): Uint8Array {
    let d = this.memoDigest;
    if (d === null) {
      d = new FieldDigest().field(this.body).field(this.signature).field(this.issuerChainPem).done();
      this.memoDigest = d;
    }
    return d;
  }

  // The body read as a TCB info / a QE identity, parsed on first use (the issue date and the
  // evaluation both need it; parsing the JSON was a large part of a verification).
  tcbInfo(): TcbInfoParse {
    let p = this.memoTcb;
    if (p === null) {
      p = parseTcbInfo(this.body);
      this.memoTcb = p;
    }
    return p;
  }

  qeIdentity(): QeIdentityParse {
    let p = this.memoQe;
    if (p === null) {
      p = parseQeIdentity(this.body);
      this.memoQe = p;
    }
    return p;
  }
}

export class PlatformCollateral {
  constructor(public fmspc: string /* upper-case hex */, public tcbInfo: SignedJson) {}
}

// Serial numbers for collateral kept by the parse cache, never reused.
let nextSerial: u64 = 1;

export class Collateral {
  crls: Crl[] = []; // root CA CRL and PCK CA CRL(s)
  platforms: PlatformCollateral[] = [];
  qeIdentity: SignedJson | null = null;
  private memoDigest: Uint8Array | null = null;
  private serial: u64 = 0;

  // The parse cache (parse_cache.ts) hands out this one object for every copy of the bytes it was
  // parsed from, so while it is cached a serial number names its contents as well as a digest of
  // them would, without hashing ~10 KiB of CRLs, documents and chains on every first verification.
  nameBySerial(): void {
    if (this.serial == 0) this.serial = nextSerial++;
  }

  // What verification caches key this collateral by: [1, serial (8 bytes)] when named by the
  // parse cache, else digest() (32 bytes; the lengths keep the two forms apart). A collateral
  // parsed again after leaving the parse cache gets a new serial: a cache miss, never a wrong hit.
  identity(): Uint8Array {
    const s = this.serial;
    if (s == 0) return this.digest();
    const b = new Uint8Array(9);
    b[0] = 1;
    store<u64>(b.dataStart + 1, s);
    return b;
  }

  // Identity of everything verification reads from this collateral (computed once: the loaders
  // fill the lists and nothing changes them afterwards).
  digest(): Uint8Array {
    let d = this.memoDigest;
    if (d === null) {
      const h = new FieldDigest();
      h.count(this.crls.length);
      for (let i = 0; i < this.crls.length; i++) h.field(this.crls[i].digest());
      h.count(this.platforms.length);
      for (let i = 0; i < this.platforms.length; i++) h.text(this.platforms[i].fmspc).field(this.platforms[i].tcbInfo.digest());
      const qe = this.qeIdentity;
      h.count(qe !== null ? 1 : 0);
      if (qe !== null) h.field(qe.digest());
      d = h.done();
      this.memoDigest = d;
    }
    return d;
  }
}

export class CollateralParse {
  collateral: Collateral | null = null;
  error: string = "";
}
