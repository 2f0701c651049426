// The owner fields a v2 MigTD must carry (spec migtd.md §3.5 end) and the init TDINFO check
// (§3.6): MROWNER = SHA-384(policy signer key), MROWNERCONFIG = policySvn u32 LE + 44 zeros.
// The startup check refuses to start (9); the init TDINFO check fails the request it came with
// (8, §2.1 step 1; exercised through the RAW host in test/e2e/raw-v2-host.test.ts).
import { describe, expect, it } from "vitest";
import { sharedCore } from "../../../scripts/host/library.ts";
import { signedTestPolicy, check } from "./helpers.ts";
import { describeShared } from "../../helpers/shared.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const svnConfig = (svn: number) => { const b = new Uint8Array(48); new DataView(b.buffer).setUint32(0, svn, true); return b; };

describeShared("policy v2 owner checks", () => {
  const p = signedTestPolicy({ policySvn: 3 });
  const mrOwner = Uint8Array.from(Buffer.from(check(p.file, p.chain).policy!.mrOwner!, "hex"));
  const owner = (o: Uint8Array, c: Uint8Array, init = false) =>
    sharedCore().callJson<{ code: number; error: string }>("policy_v2_owner_check", enc(p.file), enc(p.chain), o, c, init ? 1 : 0);

  it("the startup check passes for the signer's MROWNER and the policySvn", () => {
    expect(owner(mrOwner, svnConfig(3))).toEqual({ code: 0, error: "" });
  });

  it("the startup check fails for the MROWNER of another signer, code 9", () => {
    const other = signedTestPolicy({ seed: "another-fleet" });
    const otherOwner = Uint8Array.from(Buffer.from(check(other.file, other.chain).policy!.mrOwner!, "hex"));
    const r = owner(otherOwner, svnConfig(3));
    expect(r.code).toBe(9);
    expect(r.error).toMatch(/is not SHA-384 of the policy signer key/);
  });

  it("MROWNERCONFIG of another policySvn: code 9", () => {
    expect(owner(mrOwner, svnConfig(2)).code).toBe(9);
  });

  it("init TDINFO (§3.6): same signer and a policySvn not above ours, else PolicyUnsatisfiedError (8)", () => {
    expect(owner(mrOwner, svnConfig(2), true).code).toBe(0);
    expect(owner(mrOwner, svnConfig(3), true).code).toBe(0);
    expect(owner(mrOwner, svnConfig(4), true)).toMatchObject({ code: 8, error: expect.stringMatching(/init TDINFO policySvn 4 is above ours \(3\)/) });
    const bad = svnConfig(1);
    bad[40] = 1;
    expect(owner(mrOwner, bad, true).code).toBe(8);
    const other = signedTestPolicy({ seed: "another-fleet" });
    const otherOwner = Uint8Array.from(Buffer.from(check(other.file, other.chain).policy!.mrOwner!, "hex"));
    expect(owner(otherOwner, svnConfig(1), true).code).toBe(8);
  });
});
