// The instants at which a set of time checks all pass: the intersection of certificate validity
// periods, CRL thisUpdate..nextUpdate and collateral issueDate..nextUpdate. A verification that
// succeeded at some instant inside this window succeeds, with the same result, at any other
// instant inside it, since these are the only checks that read the time; verified_platform.ts
// keeps results for exactly that long.
import { Certificate } from "../x509/cert";
import { FOREVER, SINCE_ALWAYS } from "../util/expiring_cache";

export class ValidityWindow {
  from: i64 = SINCE_ALWAYS;
  until: i64 = FOREVER;

  span(from: i64, until: i64): void {
    if (from > this.from) this.from = from;
    if (until < this.until) this.until = until;
  }

  certs(path: Certificate[]): void {
    for (let i = 0; i < path.length; i++) this.span(path[i].notBefore, path[i].notAfter);
  }
}
