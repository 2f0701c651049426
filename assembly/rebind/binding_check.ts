// What the new MigTD checks about the binding the old MigTD hands over (migtd.md §2.9, §3.6
// "Rebinding/SPDM destination additionally ..."), from the old MigTD's certificate: its SERVTD_EXT
// (read from the TDX module by the old MigTD) and the init TDINFO (of the MigTD first bound to
// the user TD), both against the old MigTD's own TDINFO, which the TDX module vouched for:
//   1. cur_servtd_info_hash is SERVTD_INFO_HASH of the old MigTD's TDINFO under cur_servtd_attr:
//      the MigTD we talk to is the one bound now;
//   2. init_servtd_info_hash is SERVTD_INFO_HASH of the init TDINFO under init_attr;
//   3. the init TDINFO has the old MigTD's MROWNER (same policy signer) and a policySvn not above
//      its MROWNERCONFIG;
//   4. the old MigTD's SVN (TCB mapping of our policy) is at least the init MigTD's.
import { bytesEqual } from "../util/bytes";
import { Failure } from "../result/failure";
import { RebindError } from "../result/rebind";
import { TDINFO_SIZE, TI_MROWNER, TI_MROWNERCONFIG } from "../tdx/report";
import { SignedPolicyV2 } from "../policy_v2/parse";
import { policySvnOf } from "../policy_v2/owner";
import { evalInfoOfTdInfo, UNKNOWN } from "../policy_v2/info";
import {
  SERVTD_EXT_SIZE, SE_CUR_SERVTD_ATTR, SE_CUR_SERVTD_INFO_HASH, SE_INIT_ATTR, SE_INIT_SERVTD_INFO_HASH, HASH_SIZE, extAttr, servtdInfoHash,
} from "./servtd_ext";

const MR: i32 = 48;

export function checkHandedBinding(policy: SignedPolicyV2, peerTdInfo: Uint8Array, ext: Uint8Array | null, init: Uint8Array | null): Failure | null {
  if (ext === null || ext.length != SERVTD_EXT_SIZE) return new Failure(RebindError.MissingServtdExt, "the old MigTD's certificate has no 272-byte SERVTD_EXT");
  if (init === null || init.length != TDINFO_SIZE) return new Failure(RebindError.MissingServtdExt, "the old MigTD's certificate has no 512-byte init TDINFO");
  const e = ext;
  const i = init;
  if (!bytesEqual(servtdInfoHash(peerTdInfo, extAttr(e, SE_CUR_SERVTD_ATTR)), e.subarray(SE_CUR_SERVTD_INFO_HASH, SE_CUR_SERVTD_INFO_HASH + HASH_SIZE))) {
    return new Failure(RebindError.ServtdExtMismatch, "SERVTD_EXT.cur_servtd_info_hash is not the hash of the old MigTD's TDINFO: it is not the MigTD bound now");
  }
  if (!bytesEqual(servtdInfoHash(i, extAttr(e, SE_INIT_ATTR)), e.subarray(SE_INIT_SERVTD_INFO_HASH, SE_INIT_SERVTD_INFO_HASH + HASH_SIZE))) {
    return new Failure(RebindError.InitTdInfoMismatch, "the init TDINFO does not hash to SERVTD_EXT.init_servtd_info_hash");
  }
  if (!bytesEqual(i.subarray(TI_MROWNER, TI_MROWNER + MR), peerTdInfo.subarray(TI_MROWNER, TI_MROWNER + MR))) {
    return new Failure(RebindError.InitTdInfoMismatch, "the init TDINFO's MROWNER is not the old MigTD's (another policy signer)");
  }
  const initSvn = policySvnOf(i.subarray(TI_MROWNERCONFIG, TI_MROWNERCONFIG + MR));
  const peerSvn = policySvnOf(peerTdInfo.subarray(TI_MROWNERCONFIG, TI_MROWNERCONFIG + MR));
  if (initSvn < 0 || peerSvn < 0 || initSvn > peerSvn) {
    return new Failure(RebindError.InitTdInfoMismatch, "the init TDINFO's policySvn " + initSvn.toString() + " is not at most the old MigTD's (" + peerSvn.toString() + ")");
  }
  const initEngine = evalInfoOfTdInfo(policy, i).migtdIsvsvn;
  const peerEngine = evalInfoOfTdInfo(policy, peerTdInfo).migtdIsvsvn;
  if (initEngine == UNKNOWN) return new Failure(RebindError.InitSvnHigher, "the init MigTD's measurements are not in our TCB mapping");
  if (peerEngine < initEngine) return new Failure(RebindError.InitSvnHigher, "the old MigTD's SVN " + peerEngine.toString() + " is below the init MigTD's " + initEngine.toString());
  return null;
}
