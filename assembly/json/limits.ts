// Bounds on what the JSON parser accepts. Every input reaching it is untrusted (a policy file, a
// peer's data), so each dimension that costs memory or stack has a named ceiling.

// Largest document, in bytes. Intel's production v1 policy is 26 KB and the pre-production one
// 49 KB (spec migtd.md §3.1, §2.4); 1 MiB leaves ample room while bounding the parse tree.
export const JSON_MAX_INPUT_BYTES: i32 = 1 << 20;

// Deepest nesting of arrays/objects. 128 is serde_json's recursion limit, so every document Intel's
// MigTD can read, this parser can read; a v1 policy itself nests 6 deep. The parser recurses once
// per level, so this also bounds its stack use.
export const JSON_MAX_DEPTH: i32 = 128;

// Most members in one object or items in one array (bounds the per-container arrays; a document
// at the size limit could not hold more than ~512 K values anyway).
export const JSON_MAX_CONTAINER_ENTRIES: i32 = 1 << 16;
