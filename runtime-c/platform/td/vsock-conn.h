/* One virtio-vsock stream connection, the protocol half of the driver (virtio 1.x §5.10.6;
 * tdx-abi.md 7.5; migtd.md 2.2): 44-byte packet header, connect (REQUEST -> RESPONSE), data
 * (RW) under credit-based flow control, CREDIT_UPDATE / CREDIT_REQUEST, SHUTDOWN and RST. No
 * I/O: packets go out through a caller-given transmit function and come in through
 * vsock_conn_input, so the host unit tests drive it directly (test/firmware/native/vsock_units.c).
 * The connection only ever connects: the firmware never listens. */
#ifndef VSOCK_CONN_H
#define VSOCK_CONN_H

#include <stdbool.h>
#include <stdint.h>

#define VSOCK_HDR_LEN 44u
#define VSOCK_TYPE_STREAM 1u

enum vsock_op {
  VSOCK_OP_REQUEST = 1,
  VSOCK_OP_RESPONSE = 2,
  VSOCK_OP_RST = 3,
  VSOCK_OP_SHUTDOWN = 4,
  VSOCK_OP_RW = 5,
  VSOCK_OP_CREDIT_UPDATE = 6,
  VSOCK_OP_CREDIT_REQUEST = 7,
};
#define VSOCK_SHUTDOWN_RCV  1u /* the sender will receive no more */
#define VSOCK_SHUTDOWN_SEND 2u /* the sender will send no more */

struct vsock_hdr {
  uint64_t src_cid, dst_cid;
  uint32_t src_port, dst_port;
  uint32_t len;
  uint16_t type, op;
  uint32_t flags, buf_alloc, fwd_cnt;
};

void vsock_hdr_put(uint8_t out[VSOCK_HDR_LEN], const struct vsock_hdr *h);
void vsock_hdr_get(const uint8_t in[VSOCK_HDR_LEN], struct vsock_hdr *h);

/* Receive buffer per connection, advertised as buf_alloc: a private ring the core reads from.
 * 64 KiB holds four full TLS records; the peer never sends more than it allows. */
#define VSOCK_RX_BUF 65536u

enum vsock_state {
  VSOCK_FREE = 0,
  VSOCK_CONNECTING,  /* REQUEST sent */
  VSOCK_CONNECTED,
  VSOCK_CLOSED,      /* refused, reset or shut down by the peer; the core still has to close */
};

/* Sends one packet (header + `len` bytes of data); false when the device has no room now. */
typedef bool (*vsock_xmit_fn)(void *ctx, const struct vsock_hdr *h, const uint8_t *data, uint32_t len);

/* Control packets owed to the peer that could not be sent yet (transmit queue full). */
#define VSOCK_OWE_CREDIT 1u
#define VSOCK_OWE_RST    2u

struct vsock_conn {
  enum vsock_state state;
  uint64_t local_cid, peer_cid;
  uint32_t local_port, peer_port;
  uint32_t peer_buf_alloc, peer_fwd_cnt; /* from the peer's latest header */
  uint32_t tx_cnt;                       /* data bytes sent */
  uint32_t fwd_cnt, fwd_cnt_sent;        /* data bytes the core read; last value advertised */
  bool peer_no_send;                     /* SHUTDOWN with SEND, or RST: nothing more will come */
  bool peer_no_recv;                     /* SHUTDOWN with RCV, or RST: sends fail */
  uint32_t owe;
  uint32_t rx_head, rx_len;
  uint8_t rx[VSOCK_RX_BUF];
};

/* Starts a connection: sends REQUEST. False when even that could not be queued. */
bool vsock_conn_connect(struct vsock_conn *c, uint64_t local_cid, uint32_t local_port, uint64_t peer_cid,
                        uint32_t peer_port, vsock_xmit_fn xmit, void *ctx);
/* Whether a received header is addressed to this connection. */
bool vsock_conn_matches(const struct vsock_conn *c, const struct vsock_hdr *h);
/* Handles one received packet for this connection; `data` holds h->len bytes (the driver has
 * checked the length against the buffer). Returns true when the core should be woken. */
bool vsock_conn_input(struct vsock_conn *c, const struct vsock_hdr *h, const uint8_t *data, vsock_xmit_fn xmit, void *ctx);
/* The transport was reset by the device (event queue): the connection is gone. */
void vsock_conn_reset(struct vsock_conn *c);
/* Retries owed control packets. */
void vsock_conn_flush(struct vsock_conn *c, vsock_xmit_fn xmit, void *ctx);
/* Bytes accepted (0 while connecting or without credit), or ABI_ERR_CLOSED. Packets carry at
 * most `max_pkt` data bytes. */
int32_t vsock_conn_send(struct vsock_conn *c, const uint8_t *src, uint32_t len, uint32_t max_pkt, vsock_xmit_fn xmit,
                        void *ctx);
/* Bytes read (0: none yet), or ABI_ERR_CLOSED once the peer will send nothing more and every
 * byte was read. Advertises freed space with CREDIT_UPDATE once half the buffer was read. */
int32_t vsock_conn_recv(struct vsock_conn *c, uint8_t *dst, uint32_t cap, vsock_xmit_fn xmit, void *ctx);
/* SHUTDOWN(RCV|SEND) then RST when the connection is up (migtd.md 2.2); the slot is free after. */
void vsock_conn_close(struct vsock_conn *c, vsock_xmit_fn xmit, void *ctx);

#endif
