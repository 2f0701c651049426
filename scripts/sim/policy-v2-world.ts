// A signed policy v2 for the simulated MigTDs (spec migtd.md §3.4): the simulated platform's TEST
// collateral (collateral.ts), a TCB mapping that names the measurements the simulated firmware
// boot gives a MigTD (its MRTD, RTMR0, RTMR1), and a signature by the seeded TEST policy PKI.
// Enrolled with the PKI's issuer chain as the trust anchor, it makes a MigTD run V2.
import { createHash } from "node:crypto";
import { Simulator } from "./simulator.ts";
import type { SideSetup } from "./pair.ts";
import { simulateFirmwareBoot } from "./firmware-boot.ts";
import { simCollateralText } from "./policy-collateral.ts";
import { signP384Der, testPolicyPki } from "./policy-pki.ts";
import { policyDataText, servtdCollateralText, signPolicyData, tdIdentity, tdTcbMapping } from "./policy-sign.ts";

export interface SimPolicyV2Options {
  seed?: string; // the policy PKI (another seed = another root)
  policySvn?: number;
  status?: string; // platform TCB status in the collateral
  mapMeasurements?: boolean; // list the simulated MigTD in the TCB mapping (default true)
  isvsvn?: number; // ISVSVN the simulated MigTD maps to (default 2)
  forwardIsvsvn?: number; // forwardPolicy: destination ISVSVN >= this (default 1)
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex").toUpperCase();

// MRTD, RTMR0 and RTMR1 of a simulated MigTD enrolled with a policy v2 and `chain`: the
// firmware's separators, and in RTMR1 the issuer chain too (§5.3), as the simulated boot and the
// real firmware under QEMU both measure it; the policy (RTMR2) plays no part.
export function simulatedMeasurements(chain: Uint8Array): { mrtd: string; rtmr0: string; rtmr1: string } {
  const sim = new Simulator();
  simulateFirmwareBoot(sim.tdx, new Uint8Array(1), chain);
  return { mrtd: hex(sim.tdx.mrtd), rtmr0: hex(sim.tdx.rtmr[0]), rtmr1: hex(sim.tdx.rtmr[1]) };
}

export interface SimPolicyV2 {
  policy: Uint8Array;
  chain: Uint8Array;
  // What the VMM must create a MigTD enrolled with it with (§3.5): SHA-384 of the signer's public
  // key, and policySvn as u32 LE + 44 zero bytes.
  mrOwner: Uint8Array;
  mrOwnerConfig: Uint8Array;
}

export function simPolicyV2(o: SimPolicyV2Options = {}): SimPolicyV2 {
  const pki = testPolicyPki(o.seed);
  const sign = (d: Uint8Array) => signP384Der(pki.signer.key, d);
  const m = simulatedMeasurements(new TextEncoder().encode(pki.chainPem));
  const mapping = o.mapMeasurements === false ? [{ ...m, mrtd: "EE".repeat(48), isvsvn: 2 }] : [{ ...m, isvsvn: o.isvsvn ?? 2 }];
  const text = policyDataText({
    id: "5131A000-0000-4000-8000-00000000000" + String(o.policySvn ?? 1).slice(-1), policySvn: o.policySvn ?? 1,
    policy: [{ global: {
      tcb: { tcbEvaluationDataNumber: { operation: "greater-or-equal", reference: 17 }, tcbStatusAccepted: { operation: "allow-list", reference: ["UpToDate", "ConfigurationNeeded"] } },
      platform: { fmspc: { operation: "allow-list", reference: ["00806F050000"] } },
    } }, { servtd: { migtdIdentity: { tcbStatusAccepted: { operation: "allow-list", reference: ["UpToDate", "OutOfDate"] } } } }],
    forwardPolicy: [{ servtd: { migtdIdentity: { isvsvn: { operation: "greater-or-equal", reference: o.forwardIsvsvn ?? 1 } } } }],
    collateralsText: simCollateralText({ status: o.status }),
    servtdCollateralText: servtdCollateralText(
      tdIdentity([{ isvsvn: 2, tcbDate: "2025-06-01T00:00:00Z", tcbStatus: "UpToDate" }, { isvsvn: 1, tcbDate: "2024-06-01T00:00:00Z", tcbStatus: "OutOfDate" }]),
      tdTcbMapping(mapping), pki.chainPem, sign),
  });
  const enc = new TextEncoder();
  const mrOwnerConfig = new Uint8Array(48);
  new DataView(mrOwnerConfig.buffer).setUint32(0, o.policySvn ?? 1, true);
  return {
    policy: enc.encode(signPolicyData(text, sign)), chain: enc.encode(pki.chainPem),
    mrOwner: new Uint8Array(createHash("sha384").update(pki.signer.key.publicKey).digest()), mrOwnerConfig,
  };
}

// The options of runPreMigration for a source enrolled with `a` and a destination with `b`, each
// simulated TD created with the owner fields its policy requires.
export function v2PairOptions(a: SimPolicyV2, b: SimPolicyV2 = a) {
  return {
    policy: a.policy, rootCa: a.chain, peerPolicy: b.policy, peerRootCa: b.chain,
    adjust: (src: SideSetup, dst: SideSetup) => {
      for (const [side, p] of [[src, a], [dst, b]] as const) {
        side.sim.tdx.mrOwner = p.mrOwner;
        side.sim.tdx.mrOwnerConfig = p.mrOwnerConfig;
      }
    },
  };
}
