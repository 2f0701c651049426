// Object identifiers of MigTD's RA-TLS certificate (migtd.md §2.4).
export const OID_COUNTRY = "2.5.4.6";
export const OID_LOCALITY = "2.5.4.7";
export const OID_ORGANIZATION = "2.5.4.10";
export const OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
export const OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
// Intel MigTD arc 1.2.840.113741.1.5.5.1.
export const OID_MIGTD_EKU = "1.2.840.113741.1.5.5.1.1";
export const OID_MIGTD_QUOTE = "1.2.840.113741.1.5.5.1.2";
export const OID_MIGTD_EVENT_LOG = "1.2.840.113741.1.5.5.1.3";
export const OID_MIGTD_POLICY_HASH = "1.2.840.113741.1.5.5.1.4";
export const OID_MIGTD_TD_REPORT = "1.2.840.113741.1.5.5.1.5"; // rebinding: TD report instead of the quote
export const OID_MIGTD_SERVTD_EXT = "1.2.840.113741.1.5.5.1.6"; // rebinding, old MigTD: SERVTD_EXT (272 B)
export const OID_MIGTD_INIT_TDINFO = "1.2.840.113741.1.5.5.1.7"; // rebinding, old MigTD: init TDINFO (512 B)
