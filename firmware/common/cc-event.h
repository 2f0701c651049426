/* The layout of the CCEL event log (tdx-abi.md 6.2; td-shim's format, migtd.md 5.3): a Spec ID
 * record (TCG_PCR_EVENT header + Spec ID event), then CC_EVENT records with one SHA-384 digest.
 * The shim writes it (shim/src/event-log.c); the payload reads it back to replay the digests
 * into a simulated TDX module (runtime-c/platform/td/replay.c); the simulator and the tests write
 * synthetic logs with scripts/sim/ccel.ts, from this file's rendering scripts/sim/gen/cc-event.ts
 * (scripts/gen/abi.ts; test/abi.test.ts fails when stale). Offsets are from the start of a
 * record; all fields little-endian. */
#ifndef CC_EVENT_H
#define CC_EVENT_H

/* Spec ID record: TCG_PCR_EVENT header (32 bytes, SHA-1-sized zero digest) + a 40-byte event. */
#define SPEC_ID_MR_INDEX      0u  /* u32, 0 */
#define SPEC_ID_EVENT_TYPE    4u  /* u32, EV_NO_ACTION */
#define SPEC_ID_EVENT_SIZE    28u /* u32, 40 */
#define SPEC_ID_EVENT         32u /* the Spec ID Event03 structure */
#define SPEC_ID_RECORD_SIZE   72u

/* CC_EVENT: u32 MrIndex, u32 EventType, TPML_DIGEST_VALUES with one SHA-384 digest, u32
 * EventSize, then EventSize bytes of event data. */
#define CC_EVENT_MR_INDEX     0u
#define CC_EVENT_TYPE         4u
#define CC_EVENT_DIGEST_COUNT 8u  /* u32, 1 */
#define CC_EVENT_ALG_ID       12u /* u16, TPM_ALG_SHA384 */
#define CC_EVENT_DIGEST       14u /* 48 bytes */
#define CC_EVENT_DATA_SIZE    62u /* u32 */
#define CC_EVENT_HEADER_SIZE  66u /* the event data starts here */

#define TPM_ALG_SHA384        0x000Cu
#define CC_EVENT_DIGEST_BYTES 48u

#endif
