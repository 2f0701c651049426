// Wire constants of TLS 1.3 (RFC 8446) and the one parameter set MigTD uses (migtd.md §2.4):
// TLS 1.3 only, TLS_AES_256_GCM_SHA384, secp384r1, ecdsa_secp384r1_sha384.

// ContentType, RFC 8446 §5.1.
export const CT_CHANGE_CIPHER_SPEC: u8 = 20;
export const CT_ALERT: u8 = 21;
export const CT_HANDSHAKE: u8 = 22;
export const CT_APPLICATION_DATA: u8 = 23;

// HandshakeType, RFC 8446 §4.
export const HT_CLIENT_HELLO: u8 = 1;
export const HT_SERVER_HELLO: u8 = 2;
export const HT_NEW_SESSION_TICKET: u8 = 4;
export const HT_END_OF_EARLY_DATA: u8 = 5;
export const HT_ENCRYPTED_EXTENSIONS: u8 = 8;
export const HT_CERTIFICATE: u8 = 11;
export const HT_CERTIFICATE_REQUEST: u8 = 13;
export const HT_CERTIFICATE_VERIFY: u8 = 15;
export const HT_FINISHED: u8 = 20;
export const HT_KEY_UPDATE: u8 = 24;
export const HT_MESSAGE_HASH: u8 = 254;

// ExtensionType, RFC 8446 §4.2 (only those this engine reads or writes).
export const EXT_SERVER_NAME: u16 = 0;
export const EXT_SUPPORTED_GROUPS: u16 = 10;
export const EXT_SIGNATURE_ALGORITHMS: u16 = 13;
export const EXT_PRE_SHARED_KEY: u16 = 41;
export const EXT_EARLY_DATA: u16 = 42;
export const EXT_SUPPORTED_VERSIONS: u16 = 43;
export const EXT_COOKIE: u16 = 44;
export const EXT_PSK_KEY_EXCHANGE_MODES: u16 = 45;
export const EXT_KEY_SHARE: u16 = 51;

// ProtocolVersion values (§4.2.1); 0x0303 is also every legacy_version field (§4.1.2, §5.1).
export const VERSION_TLS12: u16 = 0x0303;
export const VERSION_TLS13: u16 = 0x0304;

// The single suite, group and signature scheme (§B.4, §4.2.7, §4.2.3).
export const SUITE_AES_256_GCM_SHA384: u16 = 0x1302;
export const GROUP_SECP384R1: u16 = 0x0018;
export const SIG_ECDSA_SECP384R1_SHA384: u16 = 0x0503;

// SHA-384 sizes and AES-256-GCM key/IV sizes (§5.3, §7.3).
export const HASH_LEN: i32 = 48;
export const AEAD_KEY_LEN: i32 = 32;
export const AEAD_IV_LEN: i32 = 12;
export const AEAD_TAG_LEN: i32 = 16;
// An uncompressed secp384r1 point 04||X||Y (§4.2.8.2).
export const P384_POINT_LEN: i32 = 97;
export const RANDOM_LEN: i32 = 32;

// Record limits (§5.1, §5.2): plaintext fragments are at most 2^14 bytes, TLSCiphertext at most
// 2^14 + 256, a TLSInnerPlaintext at most 2^14 + 1 (content plus its type byte).
export const MAX_PLAINTEXT: i32 = 16384;
export const MAX_CIPHERTEXT: i32 = 16384 + 256;
export const RECORD_HEADER_LEN: i32 = 5;

// Largest handshake message accepted. MigTD's Certificate carries a TD quote (~5 KiB) plus the
// whole event log, whose V1 form embeds the policy JSON; migtd.md §2.4 requires reassembly of at
// least 64 KiB. 128 KiB leaves room for large policies while bounding one session's buffer.
export const MAX_HANDSHAKE_MESSAGE: i32 = 0x20000;
// Application bytes held for the caller before readApp() drains them. The MigTD exchange is 40
// bytes; this bounds a peer that floods data nobody reads.
export const MAX_APP_BUFFER: i32 = 0x40000;

// ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (§4.1.3).
export const HRR_RANDOM: StaticArray<u8> = [
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

// Downgrade sentinel prefix in the last 8 bytes of ServerHello.random ("DOWNGRD", then 01 for a
// TLS 1.2 or 00 for an older negotiation) (§4.1.3).
export const DOWNGRADE_PREFIX: StaticArray<u8> = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44];
