/* The version string of a signed policy v2 (migtd.md 3.4: policyData.version), which Intel's
 * MigTD records as the data of its V2 policy event (5.3). Event data only: the event's digest is
 * over the whole file and is what anything checks; the policy itself is verified by the core. */
#ifndef POLICY_VERSION_H
#define POLICY_VERSION_H

#include <stddef.h>
#include <stdint.h>

/* Longest version string recorded; a longer one is not a version any MigTD accepts. */
#define POLICY_VERSION_MAX 32u

/* Finds the string value of "version" directly inside the top-level "policyData" object of the
 * JSON text `p` (bytes as enrolled, untrusted). Sets *ver (inside p) and *len to its raw bytes
 * between the quotes and returns 0, or returns -1 when there is none, it holds an escape or it
 * is longer than POLICY_VERSION_MAX. Reads only p[0..n). */
int policy_v2_version(const uint8_t *p, size_t n, const uint8_t **ver, size_t *len);

#endif
