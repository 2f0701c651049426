/* The wasm2c view of import module "migtd": every generated module keeps a pointer to this struct
 * and passes it to each import, which is how an import finds the memory of the module that called
 * it. The per-module glue sets `memory` before instantiation (the start function may already call
 * imports). */
#ifndef MIGTD_ABI_W2C_H
#define MIGTD_ABI_W2C_H

#include "wasm-rt.h"

struct Z_migtd_instance_t {
  wasm_rt_memory_t *memory;
};

#endif
