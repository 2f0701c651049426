/* Rounding functions for wasm2c's f32/f64 floor, ceil, trunc and nearest, in portable C so the
 * engine needs neither libm nor SSE4.1's ROUNDSD. NaN inputs never reach these: the generated
 * code handles them first (wasm_floor etc.). Compiled without -ffast-math, so the 2^52 trick in
 * nearbyint is not folded away; Wasm requires round-to-nearest-even, the default MXCSR mode. */
#include <math.h>
#include <stdint.h>

#define TWO52 4503599627370496.0 /* 2^52: doubles >= this are integers */
#define TWO23 8388608.0f         /* 2^23: floats >= this are integers */

double nearbyint(double x) {
  double a = fabs(x);
  if (!(a < TWO52)) return x; /* already integral (or inf) */
  volatile double t = a + TWO52;
  double r = t - TWO52;
  return copysign(r, x); /* keeps -0.0 for -0.4 */
}

float nearbyintf(float x) {
  float a = fabsf(x);
  if (!(a < TWO23)) return x;
  volatile float t = a + TWO23;
  float r = t - TWO23;
  return copysignf(r, x);
}

double trunc(double x) {
  if (!(fabs(x) < TWO52)) return x;
  return copysign((double)(int64_t)x, x);
}

float truncf(float x) {
  if (!(fabsf(x) < TWO23)) return x;
  return copysignf((float)(int32_t)x, x);
}

double floor(double x) {
  double t = trunc(x);
  return (t > x) ? t - 1.0 : t;
}

float floorf(float x) {
  float t = truncf(x);
  return (t > x) ? t - 1.0f : t;
}

double ceil(double x) {
  double t = trunc(x);
  return (t < x) ? copysign(t + 1.0, x) : t; /* ceil(-0.5) is -0.0 */
}

float ceilf(float x) {
  float t = truncf(x);
  return (t < x) ? copysignf(t + 1.0f, x) : t;
}

double rint(double x) { return nearbyint(x); }
float rintf(float x) { return nearbyintf(x); }
