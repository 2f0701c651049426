/* The engine allocator's introspection (libc/src/malloc.c), for tests and diagnostics. */
#ifndef MINILIBC_RT_HEAP_H
#define MINILIBC_RT_HEAP_H
#include <stddef.h>

struct rt_heap_stats {
  size_t arena;     /* bytes reserved from the platform (0 until the first allocation) */
  size_t used;      /* bytes in allocated blocks, headers included */
  size_t free;      /* bytes in free blocks and the untouched tail */
  size_t blocks;    /* allocated blocks */
};
void rt_heap_stats(struct rt_heap_stats *out);
/* Walks every block and the free list; 0 when consistent, else a negative code. */
int rt_heap_check(void);

#endif
