/* Minimal <alloca.h>: the generated code includes it; the compiler does the work. */
#ifndef MINILIBC_ALLOCA_H
#define MINILIBC_ALLOCA_H
#define alloca(n) __builtin_alloca(n)
#endif
