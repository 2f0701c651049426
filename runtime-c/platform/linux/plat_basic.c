/* Linux platform: linear memory, GPAs, shared pool, persist area, time, entropy, log, panic. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "linux.h"
#include "migtd_abi.h"

int linux_log_level = 3;
const char *linux_vsock_dir;

/* Linear memory: reserve address space, commit on touch. 1 GiB caps any module (the core asks
 * for 64 MiB), like the firmware's arena caps it there. */
#define LINUX_LINEAR_LIMIT (1ull << 30)

void *plat_linear_alloc(uint64_t bytes) {
  void *p = mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  return p == MAP_FAILED ? 0 : p;
}

void plat_linear_free(void *base, uint64_t bytes) { munmap(base, bytes); }

uint64_t plat_linear_limit(void) { return LINUX_LINEAR_LIMIT; }

uint64_t linux_private_gpa_base(const struct abi_mem *mem) {
  return LINUX_PRIVATE_GPA_BASE + ((uintptr_t)mem->base & 4095u);
}

uint64_t plat_private_gpa(const struct abi_mem *mem, uint64_t off) {
  return linux_private_gpa_base(mem) + off;
}

static uint8_t bounce[LINUX_BOUNCE_BYTES] __attribute__((aligned(4096)));

void plat_bounce_area(struct plat_bounce_area *out) {
  out->base = bounce;
  out->bytes = LINUX_BOUNCE_BYTES;
  out->gpa = LINUX_BOUNCE_GPA_BASE;
}

static uint8_t pool[LINUX_POOL_BYTES] __attribute__((aligned(4096)));

uint8_t *linux_pool_base(void) { return pool; }

void plat_shared_pool(struct plat_shared_pool *out) {
  out->base = pool;
  out->pages = LINUX_POOL_BYTES / 4096;
  out->gpa = LINUX_SHARED_BIT | LINUX_POOL_GPA_BASE;
}

static struct plat_persist persist;

struct plat_persist *plat_persist_area(void) { return &persist; }

uint64_t plat_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int32_t plat_random(uint8_t *dst, uint32_t len) {
  while (len) {
    ssize_t n = getrandom(dst, len, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ABI_ERR_UNAVAILABLE;
    dst += n;
    len -= (uint32_t)n;
  }
  return ABI_OK;
}

/* One line on stderr: "<UTC time> <LEVEL> <text>". Control bytes become '.', so a message can
 * never forge a second line. */
static const char *const level_names[] = {"?", "ERROR", "WARN ", "INFO ", "DEBUG", "TRACE"};

static void emit(uint32_t level, const char *text, size_t len) {
  if (level < 1) level = 1;
  if (level > 5) level = 5;
  if ((int)level > linux_log_level) return;
  struct timespec ts;
  struct tm tm;
  clock_gettime(CLOCK_REALTIME, &ts);
  gmtime_r(&ts.tv_sec, &tm);
  char line[4096 + 64];
  int n = snprintf(line, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s ", tm.tm_year + 1900,
                   tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                   ts.tv_nsec / 1000000, level_names[level]);
  if (len > 4096) len = 4096;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    line[n++] = (c < 0x20 || c == 0x7f) ? '.' : (char)c;
  }
  line[n++] = '\n';
  (void)!write(2, line, (size_t)n);
}

void plat_log(uint32_t level, const char *msg, uint32_t len) { emit(level, msg, len); }

void linux_log(uint32_t level, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  emit(level, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

void plat_panic(const char *what, const char *file, unsigned line) {
  linux_log(1, "fatal runtime error: %s (%s:%u)", what, file, line);
  _exit(72);
}
