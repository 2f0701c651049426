// `migtd policy sign`: turns policy data into a signed policy v2 (spec migtd.md §3.4) for a test
// fleet or with an operator's key. Tooling, not TD code: node:crypto signs.
import { createPrivateKey, sign as nodeSign, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";
import { InputError, ok, rejected, UsageError, type Command, type Outcome } from "../command.ts";
import { parseArgs, readInput, readJsonInput } from "../args.ts";
import { sharedCore } from "../../host/library.ts";
import { signPolicyData, type Signer } from "../../sim/policy-sign.ts";
import { signP384Der, testPolicyPki } from "../../sim/policy-pki.ts";

const usage = `usage: migtd policy sign <policy-data.json> (--key <key.pem> | --test-pki <seed>)
                        [--collaterals <collaterals.json>] [--servtd-collateral <servtd.json>]
                        [--issuer-chain <chain.pem>] [--chain-out <chain.pem>] [--out <signed.json>]

Signs policy data (the "policyData" object: id, version "2.0", policySvn, policy /
forwardPolicy / backwardPolicy, collaterals, servtdCollateral) with ECDSA P-384 / SHA-384 and
writes {"policyData": ..., "signature": "<hex DER>"}. The data is re-serialised compactly with
its keys in the given order and that exact text is both signed and embedded: a signed file must
never be reformatted afterwards.

  --key                PKCS#8 or SEC1 PEM private key on P-384 (the leaf of your issuer chain)
  --test-pki <seed>    sign with the seeded TEST policy PKI (simulator fleets only); with
                       --chain-out, write its issuer chain (leaf first)
  --collaterals        insert this Intel collateral bundle as policyData.collaterals
  --servtd-collateral  insert this ServTD collateral (signed identity + TCB mapping)
  --issuer-chain       verify the result against this chain before writing it
  --out                output file (default: standard output)

With --json the envelope's result holds the signed policy text (and where it was written); the
signed text is then not printed on its own.

exit: 0 signed (and verified when a chain is known), 1 the result does not verify or the data is
not a valid v2 policy (nothing is written), 2 usage or input error (unreadable or non-JSON file,
a key that is not P-384).`;

export const command: Command = {
  name: "policy sign",
  usage,
  async run(args, io): Promise<Outcome> {
    const a = parseArgs(args, ["--key", "--test-pki", "--collaterals", "--servtd-collateral", "--issuer-chain", "--chain-out", "--out"], []);
    if (a.positional.length !== 1) throw new UsageError("expected exactly one policy data file");
    if (a.values.has("--key") === a.values.has("--test-pki")) throw new UsageError("give exactly one of --key and --test-pki");
    const data = readJsonInput(a.positional[0], "policy data");
    const dataFile = a.positional[0];
    if (typeof data !== "object" || data === null || Array.isArray(data)) throw new InputError(`policy data '${dataFile}': not a JSON object`, dataFile);
    const pd = data as Record<string, unknown>;
    if ("policyData" in pd) throw new InputError(`policy data '${dataFile}': already a signed policy; give its policyData`, dataFile, "policyData");
    if (a.values.has("--collaterals")) pd.collaterals = readJsonInput(a.values.get("--collaterals")!, "collaterals");
    if (a.values.has("--servtd-collateral")) pd.servtdCollateral = readJsonInput(a.values.get("--servtd-collateral")!, "ServTD collateral");

    let signer: Signer;
    let chain: string | undefined;
    if (a.values.has("--key")) {
      let key: KeyObject;
      try {
        key = createPrivateKey(readInput(a.values.get("--key")!, "key"));
      } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`key '${a.values.get("--key")}': not a PEM private key (${(e as Error).message})`, a.values.get("--key"));
      }
      if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "secp384r1") {
        throw new InputError(`key '${a.values.get("--key")}': the key must be an EC P-384 private key`, a.values.get("--key"));
      }
      signer = (d) => new Uint8Array(nodeSign("sha384", d, { key, dsaEncoding: "der" }));
    } else {
      const pki = testPolicyPki(a.values.get("--test-pki")!);
      signer = (d) => signP384Der(pki.signer.key, d);
      chain = pki.chainPem;
      if (a.values.has("--chain-out")) writeFileSync(a.values.get("--chain-out")!, chain);
    }
    if (a.values.has("--issuer-chain")) chain = readInput(a.values.get("--issuer-chain")!, "issuer chain").toString("utf8");

    const signed = signPolicyData(JSON.stringify(pd), signer);
    const bytes = new TextEncoder().encode(signed);
    const r = sharedCore().callJson<{ valid: boolean; code: number; error?: string; path?: string; message?: string; policy?: { signatureChecked: boolean } }>(
      "policy_v2_check", bytes, new TextEncoder().encode(chain ?? ""));
    const out = a.values.get("--out");
    const result = { file: dataFile, out: out ?? null, verified: r.valid && r.policy!.signatureChecked, check: r, signed: io.json && out === undefined ? signed : undefined };
    if (!r.valid) {
      const message = `the signed policy does not check: ${r.error}: ${r.path ? r.path + ": " : ""}${r.message}`;
      if (!io.json) process.stderr.write(`migtd policy sign: ${message}\n`);
      return rejected(result, r.error ?? "InvalidPolicy", message);
    }
    if (out !== undefined) writeFileSync(out, bytes);
    else io.out(signed);
    // On stderr: the signed text alone is what goes to stdout (it may be redirected to a file).
    if (!r.policy!.signatureChecked) process.stderr.write("migtd policy sign: signed; give --issuer-chain to verify the signature against your chain\n");
    return ok(result);
  },
};
