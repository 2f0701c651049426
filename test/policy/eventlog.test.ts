// EventLog rules with synthetic CCELs (spec migtd.md §3.3 step 4, §5.3): each report's RTMRs are
// what its log replays to, so only the event comparisons decide. Expectations: UP = MigTD's
// verify.rs event-log tests (shared PROVENANCE.md §Policy), DER = derived from the spec.
import { expect, it } from "vitest";
import { describeShared, readShared } from "../helpers/shared.ts";
import { ccel, CcEvent, enc, ev, evaluate, withRtmrs } from "./helpers.ts";

const policyBytes = enc("{\"policy\":\"the enrolled file\"}");
const rootCa = enc("root CA DER stand-in");
const image = enc("MigTD payload image");
const bootKey = new Uint8Array(48).fill(7);

function events(o: { policy?: Uint8Array; root?: Uint8Array; svn?: bigint | null; key?: Uint8Array; payload?: Uint8Array } = {}): CcEvent[] {
  const list = [ev.separator(1), ev.separator(2), ev.secureBootKey(o.key ?? bootKey), ev.payload(o.payload ?? image)];
  if (o.svn !== null) list.push(ev.coreSvn(o.svn ?? 15n));
  list.push(ev.policy(o.policy ?? policyBytes), ev.rootCa(o.root ?? rootCa));
  return list;
}

describeShared("EventLog rules compare the two MigTDs' event logs", () => {
  const base = new Uint8Array(readShared("testdata/migtd_policy/current_v1/test/report.dat"));
  const policyFile = (n: string) => new Uint8Array(readShared("testdata/migtd_policy/current_v1", n));

  function run(policy: string, local: CcEvent[], peer: CcEvent[], isSrc = true, peerReportFrom = peer) {
    return evaluate(policyFile(policy), withRtmrs(base, local), withRtmrs(base, peerReportFrom), {
      isSrc, localLog: ccel(local), peerLog: ccel(peer),
    });
  }

  it("accepts identical logs under every event rule of policy_full2 (UP)", () => {
    expect(run("test/policy_full2.json", events(), events()).accepted).toBe(true);
  });

  it("rejects an SVN of 0x20 outside policy_full2's 13..18 (UP)", () => {
    const v = run("test/policy_full2.json", events({ svn: 0x20n }), events({ svn: 0x20n }));
    expect(v.error).toBe("UnqualifiedMigTdInfo");
    expect(v.failedRule).toBe("policy[3].MigTD.EventLog.Digest.MigTdCoreSvn");
  });

  it.each([
    ["a different payload", { payload: enc("other image") }],
    ["a different secure-boot key", { key: new Uint8Array(48).fill(9) }],
    ["a different policy", { policy: enc("{}") }],
    ["a different root key", { root: enc("other root") }],
  ])("rejects a peer with %s under policy_full2 (UP)", (_n, o) => {
    expect(run("test/policy_full2.json", events(), events(o)).error).toBe("UnqualifiedMigTdInfo");
  });

  it("names Digest.MigTdPolicy when only the policy differs (policy_003, DER)", () => {
    const v = run("test/policy_003.json", events(), events({ policy: enc("{}") }));
    expect(v.error).toBe("UnqualifiedMigTdInfo");
    expect(v.failedRule).toBe("policy[3].MigTD.EventLog.Digest.MigTdPolicy");
  });

  it("requires the peer log to replay to the peer's RTMRs (DER §3.3)", () => {
    const v = run("test/policy_003.json", events(), events({ policy: enc("{}") }), true, events());
    expect(v.error).toBe("InvalidEventLog");
  });

  it("rejects a peer log that does not parse (DER §3.3)", () => {
    const v = evaluate(policyFile("test/policy_003.json"), withRtmrs(base, events()), withRtmrs(base, events()), {
      localLog: ccel(events()), peerLog: ccel(events()).slice(0, 40),
    });
    expect(v.error).toBe("InvalidEventLog");
  });

  it.each([[13n, true], [17n, true], [12n, false], [18n, false]])(
    "policy_004: SVN %s in the half-open range 13..18 -> accepted %s (DER §3.2)", (svn, ok) => {
      expect(run("test/policy_004.json", events({ svn }), events({ svn })).accepted).toBe(ok);
    });

  it("policy_004: a peer without an SVN event fails (DER §3.3)", () => {
    const v = run("test/policy_004.json", events(), events({ svn: null }));
    expect(v.error).toBe("UnqualifiedMigTdInfo");
  });

  it("policy_006: SVN greater-or-equal self points the destination forward (DER §3.2)", () => {
    expect(run("test/policy_006.json", events({ svn: 15n }), events({ svn: 16n }), true).accepted).toBe(true);
    expect(run("test/policy_006.json", events({ svn: 15n }), events({ svn: 16n }), false).accepted).toBe(false);
    expect(run("test/policy_006.json", events({ svn: 16n }), events({ svn: 15n }), false).accepted).toBe(true);
  });

  it("the all-self template accepts an identical MigTD (DER)", () => {
    expect(run("policy.json", events(), events()).accepted).toBe(true);
  });

  it("test/policy.json's in-range with self never holds (DER §3.2)", () => {
    const v = run("test/policy.json", events(), events());
    expect(v.error).toBe("UnqualifiedMigTdInfo");
    expect(v.failedRule).toBe("policy[3].MigTD.EventLog.Digest.MigTdCore");
  });

  it("an unknown event name is InvalidEventLog (DER §3.3)", () => {
    const p = new TextDecoder().decode(policyFile("test/policy_003.json")).replace("Digest.MigTdPolicy", "Digest.Nope");
    const v = evaluate(enc(p), withRtmrs(base, events()), withRtmrs(base, events()), { localLog: ccel(events()), peerLog: ccel(events()) });
    expect(v.error).toBe("InvalidEventLog");
    expect(v.failedRule).toBe("policy[3].MigTD.EventLog.Digest.Nope");
  });
});
