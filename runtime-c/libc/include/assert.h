/* Minimal <assert.h>. wasm2c's generated code asserts that the runtime and module were
 * initialised; a failure is a runtime bug, reported through the platform's panic. */
#ifndef MINILIBC_ASSERT_H
#define MINILIBC_ASSERT_H

__attribute__((noreturn)) void __assert_fail(const char *expr, const char *file, unsigned int line,
                                             const char *func);

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif

#endif
