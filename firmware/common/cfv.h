/* Lookup of enrolled files in the config firmware volume (migtd.md 5.2). The CFV comes from the
 * VMM (PAGE.ADD, not in MRTD): every read is bounds-checked against the volume. */
#ifndef CFV_H
#define CFV_H

#include <stddef.h>
#include <stdint.h>

#define CFV_HEADER_SIZE 120u
#define FFS_HEADER_SIZE 24u
#define FFS_TYPE_RAW 0x01u

/* File names (EFI GUID byte order). */
extern const uint8_t CFV_POLICY_GUID[16];     /* 0BE92DC3-6221-4C98-87C1-8EEFFD70DE5A */
extern const uint8_t CFV_ROOT_CA_GUID[16];    /* CA437832-4C51-4322-B13D-A21BD0C8FFF6 */
extern const uint8_t CFV_ISSUER_CHAIN_GUID[16]; /* 3F2FB27A-9596-431C-A68D-D3EAB39F8AEB */

/* Finds the first RAW file named `guid`; sets *data and *len and returns 0, or -1. */
int cfv_find(const uint8_t *fv, size_t fv_size, const uint8_t guid[16], const uint8_t **data, size_t *len);

/* The trust anchor enrolled next to the policy, which decides the policy version (migtd.md 5.1):
 * the SGX root CA (DER) makes a V1 MigTD, the policy issuer chain (PEM) a V2 one. Intel builds
 * V1 and V2 as two binaries that each read one file; this firmware reads either, so the shim
 * (what it measures, and where) and the payload (what it hands the core) must decide alike:
 * both call this. A volume holding both is ambiguous and holding neither is incomplete. */
enum cfv_anchor { CFV_ANCHOR_ROOT_CA = 1, CFV_ANCHOR_ISSUER_CHAIN = 2 };

/* Sets *data and *len to the anchor's bytes and returns its kind, or returns -1 (none) or -2
 * (both enrolled). */
int cfv_trust_anchor(const uint8_t *fv, size_t fv_size, const uint8_t **data, size_t *len);

#endif
