// Collateral for quote verification (Intel PCS / PCCS data), independent of its wire format.
import { Crl } from "../../x509/crl";

// A signed Intel JSON document: the exact signed bytes, the raw r||s ECDSA-P256 signature and the
// PEM chain of the signing certificate (Intel SGX TCB Signing, up to the root).
export class SignedJson {
  constructor(public body: Uint8Array, public signature: Uint8Array, public issuerChainPem: Uint8Array) {}
}

export class PlatformCollateral {
  constructor(public fmspc: string /* upper-case hex */, public tcbInfo: SignedJson) {}
}

export class Collateral {
  crls: Crl[] = []; // root CA CRL and PCK CA CRL(s)
  platforms: PlatformCollateral[] = [];
  qeIdentity: SignedJson | null = null;
}

export class CollateralParse {
  collateral: Collateral | null = null;
  error: string = "";
}
