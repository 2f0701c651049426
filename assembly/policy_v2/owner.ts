// What a v2 MigTD's owner fields must hold (spec migtd.md §3.5 end, §3.6): MROWNER = SHA-384 of
// the policy signer's public key, MROWNERCONFIG = policySvn as u32 LE followed by 44 zero bytes.
// The VMM creates the MigTD with these values (and SERVTD_INFO_HASH covers them), so a MigTD
// started with a policy from another signer, or another policySvn, refuses to run (code 9).
import { bytesEqual, isAllZero } from "../util/bytes";
import { toHex } from "../util/hex";
import { Failure } from "../result/failure";
import { PolicyV2Error } from "./errors";
import { signerKeyHash } from "./issuer_chain";
import { SignedPolicyV2 } from "./parse";
import { TDINFO_SIZE, TI_MROWNER, TI_MROWNERCONFIG } from "../tdx/report";

export const MR_SIZE: i32 = 48;

export function expectedMrOwner(p: SignedPolicyV2): Uint8Array {
  return signerKeyHash(p.issuer);
}

export function mrOwnerConfigOf(svn: u32): Uint8Array {
  const out = new Uint8Array(MR_SIZE);
  out[0] = <u8>svn;
  out[1] = <u8>(svn >> 8);
  out[2] = <u8>(svn >> 16);
  out[3] = <u8>(svn >> 24);
  return out;
}

// Startup self-check on this MigTD's own TDINFO.
export function checkOwner(p: SignedPolicyV2, mrOwner: Uint8Array, mrOwnerConfig: Uint8Array): Failure | null {
  const want = expectedMrOwner(p);
  if (!bytesEqual(mrOwner, want)) {
    return new Failure(PolicyV2Error.OwnerMismatch, "MROWNER " + toHex(mrOwner) + " is not SHA-384 of the policy signer key " + toHex(want));
  }
  if (!bytesEqual(mrOwnerConfig, mrOwnerConfigOf(p.policySvn))) {
    return new Failure(PolicyV2Error.OwnerMismatch, "MROWNERCONFIG " + toHex(mrOwnerConfig) + " is not policySvn " + p.policySvn.toString() + " (u32 LE + 44 zero bytes)");
  }
  return null;
}

// MROWNERCONFIG as a policySvn: u32 LE followed by 44 zero bytes; -1 when it is not of that form.
export function policySvnOf(mrOwnerConfig: Uint8Array): i64 {
  if (mrOwnerConfig.length != MR_SIZE || !isAllZero(mrOwnerConfig.subarray(4))) return -1;
  return <i64>(<u32>mrOwnerConfig[0] | (<u32>mrOwnerConfig[1] << 8) | (<u32>mrOwnerConfig[2] << 16) | (<u32>mrOwnerConfig[3] << 24));
}

// §3.6: the init TDINFO the VMM supplies: same signer, and a policySvn not above ours. A failure
// is InitTdInfoMismatch (8, §2.1 step 1), not a start-up refusal: the request fails, the MigTD
// serves on.
export function checkInitOwner(p: SignedPolicyV2, mrOwner: Uint8Array, mrOwnerConfig: Uint8Array): Failure | null {
  if (!bytesEqual(mrOwner, expectedMrOwner(p))) return new Failure(PolicyV2Error.InitTdInfoMismatch, "init TDINFO MROWNER " + toHex(mrOwner) + " is not our policy signer key hash");
  const svn = policySvnOf(mrOwnerConfig);
  if (svn < 0) return new Failure(PolicyV2Error.InitTdInfoMismatch, "init TDINFO MROWNERCONFIG " + toHex(mrOwnerConfig) + " is not a policySvn (u32 LE + 44 zero bytes)");
  if (svn > <i64>p.policySvn) return new Failure(PolicyV2Error.InitTdInfoMismatch, "init TDINFO policySvn " + svn.toString() + " is above ours (" + p.policySvn.toString() + ")");
  return null;
}

// The same check on a whole TDINFO_STRUCT (the request's init_td_info).
export function checkInitTdInfo(p: SignedPolicyV2, tdInfo: Uint8Array): Failure | null {
  if (tdInfo.length != TDINFO_SIZE) return new Failure(PolicyV2Error.InitTdInfoMismatch, "init TDINFO of " + tdInfo.length.toString() + " bytes");
  return checkInitOwner(p, tdInfo.subarray(TI_MROWNER, TI_MROWNER + MR_SIZE), tdInfo.subarray(TI_MROWNERCONFIG, TI_MROWNERCONFIG + MR_SIZE));
}
