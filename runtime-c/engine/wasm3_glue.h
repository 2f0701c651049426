/* Shared between the wasm3 engine (wasm3_glue.c) and its generated import shims (abi_m3.c). */
#ifndef MIGTD_WASM3_GLUE_H
#define MIGTD_WASM3_GLUE_H

#include "platform.h"
#include "wasm3.h"

/* The linear memory of the runtime an import was called from (size 0 when it has none). */
struct abi_mem w3_memory(IM3Runtime runtime);
/* An import trapped with this rt trap code; the call in progress reports it instead of wasm3's
 * generic out-of-bounds error. */
void w3_note_trap(int code);
/* Links every import of module "migtd" the module has (generated). */
M3Result w3_link_abi(IM3Module module);

extern const uint8_t w3_module_bytes[];
extern const uint32_t w3_module_size;

#endif
