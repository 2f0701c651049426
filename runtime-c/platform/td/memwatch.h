/* Peak memory use of the payload: how much of the Heap and PayloadStack regions
 * (shim/memory-map.json) has ever been used since boot, measured by painting (memwatch.c). The
 * figures size those regions (docs/firmware.md "Memory sizing"). */
#ifndef TD_MEMWATCH_H
#define TD_MEMWATCH_H

#include <stdint.h>

struct memwatch {
  uint64_t heap_used;    /* bytes from RAM_HEAP_BASE up to the highest one the engine ever claimed */
  uint64_t heap_size;    /* RAM_HEAP_SIZE */
  uint64_t stack_used;   /* deepest the payload stack has been, in bytes below its top (more
                          * than stack_size: it overflowed into Spare) */
  uint64_t stack_size;   /* RAM_PAYLOAD_STACK_SIZE */
};

/* Once, first thing at payload entry (on PayloadStack, before the engine reserves anything). */
void memwatch_paint(void);
void memwatch_measure(struct memwatch *out);
/* "runtime: memory peak: heap H of HS, stack S of SS bytes" on COM1. */
void memwatch_report(void);

#endif
