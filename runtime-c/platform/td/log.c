/* plat_log / plat_panic on the COM1 console. */
#include "td.h"

void plat_log(uint32_t level, const char *msg, uint32_t len) {
  static const char *const names[] = {"", "ERROR ", "WARN ", "INFO ", "DEBUG ", "TRACE "};
  console_puts(level < 6 ? names[level] : "");
  console_write(msg, len);
  console_write("\n", 1);
}

void plat_panic(const char *what, const char *file, unsigned line) {
  char num[12];
  int i = 11;
  num[i] = 0;
  do num[--i] = (char)('0' + line % 10); while ((line /= 10) && i > 0);
  console_puts("runtime panic: ");
  console_puts(what);
  console_puts(" at ");
  console_puts(file);
  console_puts(":");
  console_puts(num + i);
  console_puts("\n");
  cpu_idle_forever();
}
