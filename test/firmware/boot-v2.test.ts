// A V2 image (signed policy v2 + issuer chain in the config volume) booted as a plain QEMU
// `-bios` guest: its CCEL holds Intel's V2 events (migtd.md 5.3: issuer chain tag 3 into RTMR1,
// logged before the policy, tag 1 into RTMR2 with the policy version as data), and `migtd
// eventlog` replays the guest's log to the RTMRs `migtd hash` predicts for the image file.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYOUT } from "../../scripts/image/gen/layout.ts";
import { buildImage } from "../../scripts/image/image.ts";
import { simPolicyV2 } from "../../scripts/sim/policy-v2-world.ts";
import { command as eventlogCommand } from "../../scripts/cli/commands/eventlog.ts";
import { command as hashCommand } from "../../scripts/cli/commands/hash.ts";
import { runIn } from "../cli/run.ts";
import { bootImage } from "./qemu.ts";
import { parseCcel, replay } from "./ccel.ts";
import { OUT, firmwareParts } from "./fixture.ts";

const BANNER = /MigTD Version - \d+\.\d+\.\d+/;
const sha384 = (b: Buffer) => createHash("sha384").update(b).digest();

describe("firmware boot of a V2 image (QEMU -bios, no TDX)", () => {
  it("logs the issuer chain into RTMR1 before the policy into RTMR2, and migtd eventlog replays the guest's log to migtd hash's RTMRs", async () => {
    const p = simPolicyV2();
    const policy = Buffer.from(p.policy), chain = Buffer.from(p.chain);
    mkdirSync(OUT, { recursive: true });
    const image = join(OUT, "boot-v2.bin");
    writeFileSync(image, buildImage({ ...firmwareParts(), policy, issuerChain: chain }).image);
    const r = await bootImage({ image, until: BANNER, timeoutMs: 30_000, dumps: [{ addr: LAYOUT.RAM_EVENT_LOG_BASE, size: LAYOUT.RAM_EVENT_LOG_SIZE }] });
    const log = r.dumps[0];
    const { events, used } = parseCcel(log);
    expect(events.map((e) => [e.mrIndex, e.type, e.type === 6 ? e.data.readUInt32LE(0) : 0])).toEqual([[1, 4, 0], [2, 4, 0], [2, 6, 3], [3, 6, 1]]);
    const [, , ch, pol] = events;
    expect(ch.data.readUInt32LE(4)).toBe(chain.length);
    expect(ch.data.subarray(8)).toEqual(chain);
    expect(ch.digest).toEqual(sha384(chain));
    expect(pol.data.readUInt32LE(4)).toBe(3);
    expect(pol.data.subarray(8).toString("latin1")).toBe("2.0"); // policyData.version, not the file
    expect(pol.digest).toEqual(sha384(policy));

    const logFile = join(OUT, "boot-v2.ccel");
    writeFileSync(logFile, log);
    const el = await runIn(eventlogCommand, [logFile], true);
    expect(el.exit, JSON.stringify(el.error)).toBe(0);
    const h = await runIn(hashCommand, ["--image", image], true);
    expect(h.exit, JSON.stringify(h.error)).toBe(0);
    const hashed = h.result as { rtmr: string[]; policyVersion: number; mrowner: string; mrownerconfig: string };
    expect((el.result as { rtmr: string[] }).rtmr.map((x) => x.toLowerCase())).toEqual(hashed.rtmr);
    expect(replay(events).map((b) => b.toString("hex"))).toEqual(hashed.rtmr);
    // The SERVTD_HASH_INFO of a V2 image carries the owner fields its policy requires.
    expect(hashed.policyVersion).toBe(2);
    expect(hashed.mrowner).toBe(Buffer.from(p.mrOwner).toString("hex"));
    expect(hashed.mrownerconfig).toBe(Buffer.from(p.mrOwnerConfig).toString("hex"));
    expect(log[used]).toBe(0xff);
  }, 60_000);
});
