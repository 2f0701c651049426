/* vsock-conn.h. Credit (virtio 1.x §5.10.6.3): the peer can take
 * peer_buf_alloc - (tx_cnt - peer_fwd_cnt) more bytes; counters are free-running u32. */
#include "vsock-conn.h"
#include "migtd_abi.h"

static void put(uint8_t *p, uint64_t v, int n) { for (int i = 0; i < n; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static uint64_t get(const uint8_t *p, int n) {
  uint64_t v = 0;
  for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
  return v;
}

void vsock_hdr_put(uint8_t o[VSOCK_HDR_LEN], const struct vsock_hdr *h) {
  put(o, h->src_cid, 8);
  put(o + 8, h->dst_cid, 8);
  put(o + 16, h->src_port, 4);
  put(o + 20, h->dst_port, 4);
  put(o + 24, h->len, 4);
  put(o + 28, h->type, 2);
  put(o + 30, h->op, 2);
  put(o + 32, h->flags, 4);
  put(o + 36, h->buf_alloc, 4);
  put(o + 40, h->fwd_cnt, 4);
}

void vsock_hdr_get(const uint8_t in[VSOCK_HDR_LEN], struct vsock_hdr *h) {
  h->src_cid = get(in, 8);
  h->dst_cid = get(in + 8, 8);
  h->src_port = (uint32_t)get(in + 16, 4);
  h->dst_port = (uint32_t)get(in + 20, 4);
  h->len = (uint32_t)get(in + 24, 4);
  h->type = (uint16_t)get(in + 28, 2);
  h->op = (uint16_t)get(in + 30, 2);
  h->flags = (uint32_t)get(in + 32, 4);
  h->buf_alloc = (uint32_t)get(in + 36, 4);
  h->fwd_cnt = (uint32_t)get(in + 40, 4);
}

static bool emit(struct vsock_conn *c, uint16_t op, uint32_t flags, const uint8_t *data, uint32_t len, vsock_xmit_fn xmit,
                 void *ctx) {
  struct vsock_hdr h = {.src_cid = c->local_cid, .dst_cid = c->peer_cid, .src_port = c->local_port,
                        .dst_port = c->peer_port, .len = len, .type = VSOCK_TYPE_STREAM, .op = op, .flags = flags,
                        .buf_alloc = VSOCK_RX_BUF, .fwd_cnt = c->fwd_cnt};
  if (!xmit(ctx, &h, data, len)) return false;
  c->fwd_cnt_sent = c->fwd_cnt; /* every header advertises the credit */
  return true;
}

bool vsock_conn_connect(struct vsock_conn *c, uint64_t local_cid, uint32_t local_port, uint64_t peer_cid,
                        uint32_t peer_port, vsock_xmit_fn xmit, void *ctx) {
  *c = (struct vsock_conn){.state = VSOCK_CONNECTING, .local_cid = local_cid, .peer_cid = peer_cid,
                           .local_port = local_port, .peer_port = peer_port};
  if (emit(c, VSOCK_OP_REQUEST, 0, 0, 0, xmit, ctx)) return true;
  c->state = VSOCK_FREE;
  return false;
}

bool vsock_conn_matches(const struct vsock_conn *c, const struct vsock_hdr *h) {
  return c->state != VSOCK_FREE && h->src_cid == c->peer_cid && h->dst_cid == c->local_cid &&
         h->src_port == c->peer_port && h->dst_port == c->local_port;
}

static void gone(struct vsock_conn *c) {
  c->state = VSOCK_CLOSED;
  c->peer_no_send = c->peer_no_recv = true;
}

/* A protocol violation by the peer: reset the stream. */
static void violation(struct vsock_conn *c, vsock_xmit_fn xmit, void *ctx) {
  gone(c);
  c->rx_len = 0;
  if (!emit(c, VSOCK_OP_RST, 0, 0, 0, xmit, ctx)) c->owe |= VSOCK_OWE_RST;
}

bool vsock_conn_input(struct vsock_conn *c, const struct vsock_hdr *h, const uint8_t *data, vsock_xmit_fn xmit, void *ctx) {
  if (c->state == VSOCK_FREE || c->state == VSOCK_CLOSED) return false;
  if (h->type != VSOCK_TYPE_STREAM) {
    violation(c, xmit, ctx);
    return true;
  }
  c->peer_buf_alloc = h->buf_alloc;
  c->peer_fwd_cnt = h->fwd_cnt;
  switch (h->op) {
  case VSOCK_OP_RESPONSE:
    if (c->state != VSOCK_CONNECTING) {
      violation(c, xmit, ctx);
      return true;
    }
    c->state = VSOCK_CONNECTED;
    return true;
  case VSOCK_OP_RST:
    gone(c);
    return true;
  case VSOCK_OP_RW: {
    if (c->state != VSOCK_CONNECTED || h->len > VSOCK_RX_BUF - c->rx_len) {
      violation(c, xmit, ctx); /* data before RESPONSE, or more than the credit we gave */
      return true;
    }
    if (c->peer_no_send) return false; /* after its own SHUTDOWN(SEND): dropped */
    for (uint32_t i = 0; i < h->len; i++) c->rx[(c->rx_head + c->rx_len + i) % VSOCK_RX_BUF] = data[i];
    c->rx_len += h->len;
    return h->len > 0;
  }
  case VSOCK_OP_CREDIT_UPDATE:
    return true; /* room to send may have appeared */
  case VSOCK_OP_CREDIT_REQUEST:
    if (!emit(c, VSOCK_OP_CREDIT_UPDATE, 0, 0, 0, xmit, ctx)) c->owe |= VSOCK_OWE_CREDIT;
    return false;
  case VSOCK_OP_SHUTDOWN:
    if (h->flags & VSOCK_SHUTDOWN_SEND) c->peer_no_send = true;
    if (h->flags & VSOCK_SHUTDOWN_RCV) c->peer_no_recv = true;
    if (c->peer_no_send && c->peer_no_recv) {
      /* Fully shut down: answer with RST, as a peer that initiates the close expects. */
      gone(c);
      if (!emit(c, VSOCK_OP_RST, 0, 0, 0, xmit, ctx)) c->owe |= VSOCK_OWE_RST;
    }
    return true;
  default: /* REQUEST to a connecting socket, unknown ops */
    violation(c, xmit, ctx);
    return true;
  }
}

void vsock_conn_reset(struct vsock_conn *c) {
  if (c->state != VSOCK_FREE) gone(c);
}

void vsock_conn_flush(struct vsock_conn *c, vsock_xmit_fn xmit, void *ctx) {
  if ((c->owe & VSOCK_OWE_RST) && emit(c, VSOCK_OP_RST, 0, 0, 0, xmit, ctx)) c->owe &= ~VSOCK_OWE_RST;
  if ((c->owe & VSOCK_OWE_CREDIT) && emit(c, VSOCK_OP_CREDIT_UPDATE, 0, 0, 0, xmit, ctx)) c->owe &= ~VSOCK_OWE_CREDIT;
}

int32_t vsock_conn_send(struct vsock_conn *c, const uint8_t *src, uint32_t len, uint32_t max_pkt, vsock_xmit_fn xmit,
                        void *ctx) {
  if (c->state == VSOCK_CLOSED || c->peer_no_recv) return ABI_ERR_CLOSED;
  if (c->state != VSOCK_CONNECTED) return 0;
  uint32_t in_flight = c->tx_cnt - c->peer_fwd_cnt;
  uint32_t credit = in_flight < c->peer_buf_alloc ? c->peer_buf_alloc - in_flight : 0;
  uint32_t done = 0;
  while (done < len && credit > 0) {
    uint32_t n = len - done;
    if (n > credit) n = credit;
    if (n > max_pkt) n = max_pkt;
    if (!emit(c, VSOCK_OP_RW, 0, src + done, n, xmit, ctx)) break;
    c->tx_cnt += n;
    credit -= n;
    done += n;
  }
  return (int32_t)done;
}

int32_t vsock_conn_recv(struct vsock_conn *c, uint8_t *dst, uint32_t cap, vsock_xmit_fn xmit, void *ctx) {
  uint32_t n = c->rx_len < cap ? c->rx_len : cap;
  for (uint32_t i = 0; i < n; i++) dst[i] = c->rx[(c->rx_head + i) % VSOCK_RX_BUF];
  c->rx_head = (c->rx_head + n) % VSOCK_RX_BUF;
  c->rx_len -= n;
  c->fwd_cnt += n;
  if (c->state == VSOCK_CONNECTED && c->fwd_cnt - c->fwd_cnt_sent >= VSOCK_RX_BUF / 2 &&
      !emit(c, VSOCK_OP_CREDIT_UPDATE, 0, 0, 0, xmit, ctx))
    c->owe |= VSOCK_OWE_CREDIT;
  if (n == 0 && c->peer_no_send) return ABI_ERR_CLOSED;
  return (int32_t)n;
}

void vsock_conn_close(struct vsock_conn *c, vsock_xmit_fn xmit, void *ctx) {
  if (c->state == VSOCK_CONNECTED || c->state == VSOCK_CONNECTING) {
    emit(c, VSOCK_OP_SHUTDOWN, VSOCK_SHUTDOWN_RCV | VSOCK_SHUTDOWN_SEND, 0, 0, xmit, ctx);
    emit(c, VSOCK_OP_RST, 0, 0, 0, xmit, ctx);
  } else if (c->owe & VSOCK_OWE_RST) {
    emit(c, VSOCK_OP_RST, 0, 0, 0, xmit, ctx);
  }
  c->state = VSOCK_FREE;
  c->owe = 0;
  c->rx_len = 0;
}
