// A parsed v2 policy as JSON (for `migtd policy check` and tests): identity, what it enrolls a
// MigTD with (MROWNER/MROWNERCONFIG), the collateral and ServTD collateral it carries, its rules.
import { JsonWriter } from "../json/writer";
import { commonName } from "../x509/name";
import { PolicyItem } from "./model";
import { SignedPolicyV2 } from "./parse";
import { expectedMrOwner, mrOwnerConfigOf } from "./owner";

function writeItems(w: JsonWriter, key: string, items: PolicyItem[]): void {
  w.beginArray(key);
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    for (let k = 0; k < it.properties.length; k++) {
      const p = it.properties[k];
      w.beginObject().str("path", "policyData." + p.path).str("section", p.section).str("name", p.name)
        .str("operation", p.operation).raw("reference", p.ref.source).endObject();
    }
  }
  w.endArray();
}

export function writePolicyV2(w: JsonWriter, key: string, p: SignedPolicyV2): void {
  w.beginObject(key)
    .str("id", p.id)
    .int("policySvn", <i64>p.policySvn)
    .bool("signatureChecked", p.signatureChecked)
    .int("policyDataBytes", p.policyData.length);
  if (p.signatureChecked) {
    w.str("signer", commonName(p.issuer.leaf.subject))
      .str("root", commonName(p.issuer.root.subject))
      .hex("mrOwner", expectedMrOwner(p));
  }
  w.hex("mrOwnerConfig", mrOwnerConfigOf(p.policySvn))
    .str("collateralRoot", commonName(p.rootCa.subject))
    .int("platforms", p.platformCount)
    .int("pckCrlNum", p.pckCrlNum)
    .int("rootCaCrlNum", p.rootCaCrlNum)
    .str("servtdIdentityId", p.servtd.identity.id)
    .int("servtdTcbLevels", p.servtd.identity.levels.length)
    .str("servtdTcbMappingId", p.servtd.mapping.id)
    .int("servtdTcbMappings", p.servtd.mapping.mappings.length);
  writeItems(w, "policy", p.policy);
  writeItems(w, "forwardPolicy", p.forwardPolicy);
  writeItems(w, "backwardPolicy", p.backwardPolicy);
  w.endObject();
}
