// Library exports for the policy engine and its JSON parser (CLI, tests, fuzzing). Inputs are
// (ptr, len) blocks written by the host (memory.ts); every result is a JSON document returned with
// returnString, which the host reads and frees with api_free. None of these traps on bad input.
import { JsonWriter } from "../json/writer";
import { parseJson } from "../json/parse";
import { stringifyJson } from "../json/write";
import { writePolicy } from "../policy/describe_policy";
import { evaluatePolicyBytes } from "../policy/evaluate";
import { EvalInput } from "../policy/input";
import { parsePolicy } from "../policy/parse";
import { RESULT_INVALID_POLICY, RESULT_SUCCESS } from "../result/codes";
import { bytesIn, returnString } from "./memory";

// Parses a policy v1 file: {"valid": true, "code": 0, "policy": {...}} or
// {"valid": false, "code": 9, "error": "InvalidPolicy", "key": <path>, "message": ..., "pos": n}.
export function policy_check(ptr: usize, len: u32): usize {
  const r = parsePolicy(bytesIn(ptr, len));
  const w = new JsonWriter().beginObject().bool("valid", r.ok);
  if (r.ok) {
    w.int("code", RESULT_SUCCESS);
    writePolicy(w, "policy", r.policy!);
  } else {
    w.int("code", RESULT_INVALID_POLICY)
      .str("error", "InvalidPolicy")
      .str("key", r.errorPath)
      .str("message", r.message())
      .int("pos", r.errorPos);
  }
  return returnString(w.endObject().toString());
}

// Evaluates a peer against a policy as this MigTD (source when isSrc != 0). Reports are 822-byte
// verified reports; logs are CCEL bytes (len 0 = absent). Returns the verdict (policy/verdict.ts).
export function policy_evaluate(
  policyPtr: usize, policyLen: u32,
  localPtr: usize, localLen: u32,
  peerPtr: usize, peerLen: u32,
  localLogPtr: usize, localLogLen: u32,
  peerLogPtr: usize, peerLogLen: u32,
  isSrc: i32,
): usize {
  const input = new EvalInput();
  input.isSrc = isSrc != 0;
  input.local = bytesIn(localPtr, localLen);
  input.peer = bytesIn(peerPtr, peerLen);
  input.localLog = bytesIn(localLogPtr, localLogLen);
  input.peerLog = bytesIn(peerLogPtr, peerLogLen);
  const v = evaluatePolicyBytes(bytesIn(policyPtr, policyLen), input);
  return returnString(v.toJson());
}

// The JSON parser alone: {"ok": true, "canonical": <compact re-serialisation>} or
// {"ok": false, "pos": n, "message": ...}.
export function json_check(ptr: usize, len: u32): usize {
  const r = parseJson(bytesIn(ptr, len));
  const w = new JsonWriter().beginObject().bool("ok", r.error === null);
  if (r.error === null) w.str("canonical", stringifyJson(r.value!));
  else w.int("pos", r.error!.pos).str("message", r.error!.message);
  return returnString(w.endObject().toString());
}
