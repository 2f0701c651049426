/* The simulator link's message types (docs/sim-protocol.md explains each): the one place they
 * are written down. The Linux platform (runtime-c/platform/linux/sim_link.c) and the TD platform
 * (runtime-c/platform/td/sim-link.c) include this; scripts/gen/abi.ts renders it into
 * scripts/sim/gen/sim-link.ts for the simulator and the tests, and test/abi.test.ts checks the
 * rendering is current and the document's tables agree.
 *
 * Frame: u32 length (LE, type + payload) | u8 type | payload. */
#ifndef SIM_LINK_H
#define SIM_LINK_H

/* Protocol version carried by HELLO. */
#define SIM_LINK_VERSION 1u

/* Runtime -> simulator. */
#define SIM_MSG_HELLO     0x01u
#define SIM_MSG_TDCALL    0x02u
#define SIM_MSG_VMCALL    0x03u
#define SIM_MSG_MEM_DATA  0x11u
#define SIM_MSG_MEM_ACK   0x13u

/* Simulator -> runtime. */
#define SIM_MSG_MEM_READ  0x10u
#define SIM_MSG_MEM_WRITE 0x12u
#define SIM_MSG_DONE      0x14u
#define SIM_MSG_NOTIFY    0x15u
#define SIM_MSG_DEBUG     0x16u

#endif
