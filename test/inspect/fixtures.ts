// Inputs for the inspect page tests made by the simulator (always available): a quote whose RTMRs
// are the replay of a CCEL log, the simulator's root, a TDREPORT, and a MigTD RA-TLS certificate
// carrying that quote and log (P-384, MigTD EKU and extensions, migtd.md §2.4).
import { createHash, webcrypto } from "node:crypto";
import "../tls/reflect-shim.ts";
import * as x509 from "@peculiar/x509";
import { TdxModule } from "../../scripts/sim/tdx-module.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { testRootDer } from "../../scripts/sim/pck-chain.ts";
import { ccelLog, EV_EVENT_TAG, EV_SEPARATOR, taggedData, type CcelRecord } from "../../scripts/sim/ccel.ts";

const sha384 = (b: Uint8Array) => new Uint8Array(createHash("sha384").update(b).digest());

export interface SimInputs {
  quote: Uint8Array;
  root: Uint8Array;
  tdreport: Uint8Array;
  log: Uint8Array;
}

export function simInputs(): SimInputs {
  const tdx = new TdxModule();
  const policy = taggedData(1, new TextEncoder().encode('{"id":"simulated policy"}'));
  const records: CcelRecord[] = [
    { mrIndex: 1, type: EV_SEPARATOR, digest: sha384(new Uint8Array(4)), data: new Uint8Array(4) },
    { mrIndex: 3, type: EV_EVENT_TAG, digest: sha384(policy.subarray(8)), data: policy },
    { mrIndex: 3, type: EV_SEPARATOR, digest: sha384(new Uint8Array(4)), data: new Uint8Array(4) },
  ];
  for (const r of records) tdx.extendRtmr(r.mrIndex - 1, r.digest);
  const tdreport = tdx.buildReport(new Uint8Array(64).fill(0x42));
  const quote = new QuoteService(tdx).quote(tdreport)!;
  return { quote, root: testRootDer(), tdreport, log: ccelLog(records) };
}

export const OID_MIGTD_EKU = "1.2.840.113741.1.5.5.1.1";
export const OID_MIGTD_QUOTE = "1.2.840.113741.1.5.5.1.2";
export const OID_MIGTD_EVENT_LOG = "1.2.840.113741.1.5.5.1.3";

export async function raTlsCert(quote: Uint8Array, log: Uint8Array): Promise<Uint8Array> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const alg = { name: "ECDSA", namedCurve: "P-384", hash: "SHA-384" };
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const start = new Date(Date.now() - 3600_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=MigTD Simulator TEST RA-TLS",
    notBefore: start,
    notAfter: new Date(start.getTime() + 86400_000),
    keys: keys as CryptoKeyPair,
    signingAlgorithm: alg,
    extensions: [
      new x509.ExtendedKeyUsageExtension([OID_MIGTD_EKU]),
      new x509.Extension(OID_MIGTD_QUOTE, false, quote),
      new x509.Extension(OID_MIGTD_EVENT_LOG, false, log),
    ],
  });
  return new Uint8Array(cert.rawData);
}
