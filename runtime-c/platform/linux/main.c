/* build/migtd-linux: the core on Linux, its TDCALL/VMCALLs forwarded to the simulator.
 *
 *   migtd-linux --sim <socket> [--log-level N] [--vsock-dir DIR] [--policy F] [--root-ca F]
 *               [--event-log F] [--help]
 *
 * Exit status: what the core's migtd_run returned, or one of the runtime's own (supervisor.h):
 * 69 the core cannot be loaded, 70 it kept trapping, 71 it has no migtd_run, 72 a runtime bug,
 * 64 bad command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "migtd_abi.h"
#include "linux.h"
#include "supervisor.h"

#define EXIT_USAGE 64

static void usage(FILE *to) {
  fprintf(to,
          "usage: migtd-linux --sim <socket> [--log-level N] [--vsock-dir DIR] [--policy F]\n"
          "                   [--root-ca F] [--event-log F]\n"
          "  --sim PATH       Unix socket of the simulator (docs/sim-protocol.md); without it\n"
          "                   TDCALL/VMCALL return ABI_ERR_UNAVAILABLE\n"
          "  --log-level N    1 error .. 5 trace (default 3)\n"
          "  --vsock-dir DIR  vsock (cid, port) connects to DIR/<cid>-<port>.sock\n"
          "                   (default: $MIGTD_VSOCK_DIR)\n"
          "  --policy F       the enrolled migration policy file\n"
          "  --root-ca F      the enrolled root CA (DER) quotes must chain to\n"
          "  --event-log F    the CCEL event log the firmware would have left\n"
          "exit status: migtd_run's result; 69 core not loadable, 70 too many traps,\n"
          "             71 no migtd_run export, 72 runtime error, 64 usage\n");
}

int main(int argc, char **argv) {
  const char *sim = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(a, "--sim") && i + 1 < argc) {
      sim = argv[++i];
    } else if (!strcmp(a, "--log-level") && i + 1 < argc) {
      linux_log_level = atoi(argv[++i]);
    } else if (!strcmp(a, "--vsock-dir") && i + 1 < argc) {
      linux_vsock_dir = argv[++i];
    } else if (!strcmp(a, "--policy") && i + 1 < argc) {
      if (linux_config_load(CONFIG_POLICY, argv[++i]) != 0) return EXIT_USAGE;
    } else if (!strcmp(a, "--root-ca") && i + 1 < argc) {
      if (linux_config_load(CONFIG_ROOT_CA, argv[++i]) != 0) return EXIT_USAGE;
    } else if (!strcmp(a, "--event-log") && i + 1 < argc) {
      if (linux_config_load(CONFIG_EVENT_LOG, argv[++i]) != 0) return EXIT_USAGE;
    } else {
      fprintf(stderr, "migtd-linux: unknown or incomplete option: %s\n", a);
      usage(stderr);
      return EXIT_USAGE;
    }
  }
  linux_log(3, "runtime: migtd-linux (%s engine)", engine_name());
  if (sim && sim_connect(sim) != 0) return RT_EXIT_NO_ENGINE;
  if (!sim) linux_log(2, "runtime: no --sim: TDCALL/VMCALL are unavailable");
  int rc = rt_supervise(0);
  linux_log(3, "runtime: exit status %d", rc);
  return rc;
}
