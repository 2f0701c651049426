/* Linux platform: the enrolled configuration (policy, root CA, event log) read from files named
 * on the command line, standing in for the TD's config volume and CCEL region. */
#include <stdio.h>
#include <stdlib.h>

#include "linux.h"
#include "migtd_abi.h"

/* Larger files are refused: the TD's config volume and event log region are bounded too. */
#define CONFIG_MAX_BYTES (1u << 20)
#define CONFIG_KINDS 4

static uint8_t *items[CONFIG_KINDS];
static uint32_t lengths[CONFIG_KINDS];

int linux_config_load(uint32_t kind, const char *path) {
  if (kind == 0 || kind >= CONFIG_KINDS) return -1;
  FILE *f = fopen(path, "rb");
  if (!f) {
    linux_log(1, "config: cannot open %s", path);
    return -1;
  }
  uint8_t *buf = malloc(CONFIG_MAX_BYTES);
  size_t n = buf ? fread(buf, 1, CONFIG_MAX_BYTES, f) : 0;
  int more = buf && fgetc(f) != EOF;
  fclose(f);
  if (!buf || more) {
    linux_log(1, "config: %s is larger than %u bytes", path, CONFIG_MAX_BYTES);
    free(buf);
    return -1;
  }
  free(items[kind]);
  items[kind] = buf;
  lengths[kind] = (uint32_t)n;
  return 0;
}

const uint8_t *plat_config_item(uint32_t kind, uint32_t *len) {
  if (kind == 0 || kind >= CONFIG_KINDS || !items[kind]) return 0;
  *len = lengths[kind];
  return items[kind];
}
