/* Minimal <math.h> for wasm2c's generated code and wasm3: the classification macros come from compiler
 * builtins; the rounding functions are in libc/src/math.c (the builtins would become libm calls
 * on x86-64 without SSE4.1). fabs and sqrt are single instructions (needs -fno-math-errno). */
#ifndef MINILIBC_MATH_H
#define MINILIBC_MATH_H

#define NAN (__builtin_nanf(""))
#define INFINITY (__builtin_inff())
#define HUGE_VAL (__builtin_huge_val())
#define HUGE_VALF (__builtin_huge_valf())
#define isnan(x) __builtin_isnan(x)
#define isfinite(x) __builtin_isfinite(x)
#define isinf(x) __builtin_isinf(x)
#define signbit(x) __builtin_signbit(x)

double floor(double x);
float floorf(float x);
double ceil(double x);
float ceilf(float x);
double trunc(double x);
float truncf(float x);
double nearbyint(double x);
float nearbyintf(float x);
/* rint is nearbyint here: the engine never reads the inexact flag, the only difference. */
double rint(double x) __asm__("rt_rint");
float rintf(float x) __asm__("rt_rintf");

static inline double fabs(double x) { return __builtin_fabs(x); }
static inline float fabsf(float x) { return __builtin_fabsf(x); }
static inline double sqrt(double x) { return __builtin_sqrt(x); }
static inline float sqrtf(float x) { return __builtin_sqrtf(x); }
static inline double copysign(double x, double y) { return __builtin_copysign(x, y); }
static inline float copysignf(float x, float y) { return __builtin_copysignf(x, y); }

#endif
