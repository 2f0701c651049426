// Collateral from the seven parts a quote service returns for GET_COLLATERAL
// (session/collateral_request.ts; Intel's sgx_ql_qve_collateral_t order): PCK CRL issuer chain,
// root CA CRL, PCK CRL, TCB info issuer chain, TCB info, QE identity issuer chain, QE identity.
// Chains are PEM; the TCB info and QE identity are the PCS response bodies
// {"tcbInfo"|"enclaveIdentity": {...}, "signature": hex}; CRLs come as PEM, as hex of the DER (PCCS
// collateral v3) or as raw DER (v3.1). Text parts may end with the NUL the service counts in their
// size. Nothing here is trusted: evaluate.ts checks every signature and date.
import { Collateral, CollateralParse, PlatformCollateral } from "./types";
import { signedFromPcsBody } from "./load";
import { pemDecodeAll } from "../../der/pem";
import { parseCrl, Crl } from "../../x509/crl";
import { fromHexBytes } from "../../util/hex";
import { toUpperHex } from "../../util/hex";

function failed(msg: string): CollateralParse {
  const p = new CollateralParse();
  p.error = "collateral: " + msg;
  return p;
}

// The bytes without trailing NULs.
function trimNul(b: Uint8Array): Uint8Array {
  let n = b.length;
  while (n > 0 && b[n - 1] == 0) n--;
  return b.subarray(0, n);
}

function isHexText(b: Uint8Array): bool {
  if (b.length == 0 || (b.length & 1) != 0) return false;
  for (let i = 0; i < b.length; i++) {
    const c = <i32>b[i];
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

class CrlRead {
  crl: Crl | null = null;
  error: string = "";
}

function readCrl(raw: Uint8Array, what: string): CrlRead {
  const out = new CrlRead();
  let der: Uint8Array | null = null;
  const text = trimNul(raw);
  if (raw.length > 0 && raw[0] == 0x30) {
    der = raw; // DER: SEQUENCE
  } else if (isHexText(text)) {
    der = fromHexBytes(text); // ASCII hex digits only (isHexText)
  } else {
    const blocks = pemDecodeAll(text, "X509 CRL");
    if (blocks.error.length > 0 || blocks.blocks.length != 1) {
      out.error = what + ": not a PEM, hex or DER CRL";
      return out;
    }
    der = blocks.blocks[0];
  }
  if (der === null) {
    out.error = what + ": bad hex";
    return out;
  }
  const p = parseCrl(der);
  if (p.crl === null) out.error = what + ": " + p.error;
  out.crl = p.crl;
  return out;
}

export function collateralFromQgs(blobs: Uint8Array[], fmspc: Uint8Array): CollateralParse {
  if (blobs.length != 7) return failed("expected 7 parts, got " + blobs.length.toString());
  const c = new Collateral();
  const root = readCrl(blobs[1], "root CA CRL");
  if (root.crl === null) return failed(root.error);
  c.crls.push(root.crl!);
  const pck = readCrl(blobs[2], "PCK CRL");
  if (pck.crl === null) return failed(pck.error);
  c.crls.push(pck.crl!);
  const tcbChain = trimNul(blobs[3]);
  const tcb = signedFromPcsBody(String.UTF8.decodeUnsafe(trimNul(blobs[4]).dataStart, trimNul(blobs[4]).length), "tcbInfo", String.UTF8.decodeUnsafe(tcbChain.dataStart, tcbChain.length));
  if (tcb === null) return failed("TCB info is not a signed PCS body");
  // The FMSPC asked for; evaluate.ts still checks the signed document's own FMSPC against the quote.
  c.platforms.push(new PlatformCollateral(toUpperHex(fmspc), tcb));
  const qeChain = trimNul(blobs[5]);
  const qe = trimNul(blobs[6]);
  const qs = signedFromPcsBody(String.UTF8.decodeUnsafe(qe.dataStart, qe.length), "enclaveIdentity", String.UTF8.decodeUnsafe(qeChain.dataStart, qeChain.length));
  if (qs === null) return failed("QE identity is not a signed PCS body");
  c.qeIdentity = qs;
  const out = new CollateralParse();
  out.collateral = c;
  return out;
}
