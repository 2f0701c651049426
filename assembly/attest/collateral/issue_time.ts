// The newest issue date Intel put in a collateral set: the latest of the CRLs' thisUpdate and the
// TCB infos' and QE identity's issueDate (Unix seconds; 0 when none parses). A TD without a
// trusted clock judges validity at no earlier than this instant (docs/attestation.md). The dates
// are read before the signatures are checked, which is harmless: the evaluation that follows
// checks every signature, so a set with a forged date fails as a whole.
import { Collateral } from "./types";

export function newestIssueDate(c: Collateral): i64 {
  let t: i64 = 0;
  for (let i = 0; i < c.crls.length; i++) if (c.crls[i].thisUpdate > t) t = c.crls[i].thisUpdate;
  for (let i = 0; i < c.platforms.length; i++) {
    const p = c.platforms[i].tcbInfo.tcbInfo();
    if (p.info !== null && p.info!.issueDate > t) t = p.info!.issueDate;
  }
  const qe = c.qeIdentity;
  if (qe !== null) {
    const q = qe.qeIdentity();
    if (q.identity !== null && q.identity!.issueDate > t) t = q.identity!.issueDate;
  }
  return t;
}
