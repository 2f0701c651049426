// `migtd policy gen`: a v1 policy that accepts a given image's measurements as literals, for fleets
// where the two MigTDs of a migration are different builds (an all-"self" policy only accepts a
// peer running exactly its own image).
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, ok, UsageError, type Command } from "../command.ts";
import { parseArgs, parseJsonText, readInput } from "../args.ts";
import { DEFAULT_MANIFEST } from "../../image/build.ts";
import { hashImage } from "./hash.ts";
import { loadManifest } from "../../image/inputs.ts";
import { judgePolicy } from "./policy-common.ts";
import { packageRoot } from "../version.ts";

const usage = `usage: migtd policy gen --image <migtd.bin> [--servtd-info <json>] [--from <policy.json>] [--id <GUID>] [-o <file>]

Writes a migration policy (v1) whose MigTD block accepts exactly the measurements of the image's
TD: MRTD and RTMR0..3 as MigTD computes them from the image (the same as 'migtd hash'), and
ATTRIBUTES, XFAM, MRCONFIGID, MROWNER, MROWNERCONFIG from the SERVTD manifest (default
config/servtd_info.json), ATTRIBUTES and XFAM masked as MigTD compares them (spec migtd.md §3.1).
The Platform, QE and TDXModule blocks are kept from --from (default config/policy.json). Of the
--from policy's EventLog rules only Digest.MigTdSgxRootKey is kept: a different build usually
enrolls a different policy, so Digest.MigTdPolicy "self" could never hold across builds. Give
the result to the peer MigTD's image (e.g. Intel's MigTD enrolling it), so it accepts this image.
The output is checked with MigTD's parser and the schema before it is written.

exit: 0 written, 2 usage or input error`;

// Masks MigTD applies before comparing ATTRIBUTES and XFAM (migtd.md §3.1).
const ATTR_MASK = Buffer.from("ffff003000000040", "hex");
const XFAM_MASK = Buffer.from("0318000000000000", "hex");
const and = (a: Buffer, m: Buffer) => Buffer.from(a.map((b, i) => b & m[i]));
const hexUp = (b: Buffer) => b.toString("hex").toUpperCase();
const equal = (reference: string) => ({ operation: "equal", reference });

export const command: Command = {
  name: "policy gen",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--image", "--servtd-info", "--from", "--id", "-o"], []);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const image = p.values.get("--image");
    if (!image) throw new UsageError("--image is required");
    const manifestFile = p.values.get("--servtd-info") ?? DEFAULT_MANIFEST;
    const from = p.values.get("--from") ?? join(packageRoot, "config", "policy.json");
    const id = (p.values.get("--id") ?? randomUUID()).toUpperCase();
    if (!/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/.test(id)) throw new UsageError(`--id expects a GUID, got '${id}'`);
    const base = readInput(from, "policy");
    const j = judgePolicy(base, from);
    if (j.error) throw new InputError(j.error.message, from, j.error.field);
    const doc = parseJsonText(base.toString("utf8"), from, "policy") as { policy: Record<string, any>[] };
    const h = hashImage(image, manifestFile);
    // A V2 MigTD is judged by its peers' signed TCB mappings, never by a v1 policy's literals.
    if (h.enrollment.version === 2) throw new InputError(`image '${image}' is a V2 MigTD (it enrolls a signed policy v2): list its MRTD/RTMR0/RTMR1 (migtd hash -v) in a TCB mapping instead`, image);
    const m = loadManifest(manifestFile);
    const tdinfo = {
      ATTRIBUTES: equal(hexUp(and(m.attributes, ATTR_MASK))),
      XFAM: equal(hexUp(and(m.xfam, XFAM_MASK))),
      MRTD: equal(hexUp(h.mrtd)),
      MRCONFIGID: equal(hexUp(m.mrconfigid)),
      MROWNER: equal(hexUp(m.mrowner)),
      MROWNERCONFIG: equal(hexUp(m.mrownerconfig)),
      ...Object.fromEntries(h.rtmr.map((r, i) => [`RTMR${i}`, equal(hexUp(r))])),
    };
    const old = doc.policy.find((b) => "MigTD" in b)?.MigTD?.EventLog as Record<string, unknown> | undefined;
    const eventLog = old && "Digest.MigTdSgxRootKey" in old ? { "Digest.MigTdSgxRootKey": old["Digest.MigTdSgxRootKey"] } : undefined;
    const policy = {
      id,
      policy: [
        ...doc.policy.filter((b) => !("MigTD" in b)),
        { MigTD: { TDINFO: tdinfo, ...(eventLog ? { EventLog: eventLog } : {}) } },
      ],
    };
    const text = JSON.stringify(policy, null, 2) + "\n";
    const check = judgePolicy(Buffer.from(text), "(generated)");
    if (check.error) throw new Error(`generated policy is invalid: ${check.error.message}`);
    const out = p.values.get("-o");
    if (out) {
      writeFileSync(out, text);
      io.out(`${out}: policy ${id} accepting MRTD ${hexUp(h.mrtd).slice(0, 16)}..., RTMR2 ${hexUp(h.rtmr[2]).slice(0, 16)}... (rules from ${from})`);
    } else io.out(text.trimEnd());
    return ok({ written: out ?? null, policy });
  },
};
