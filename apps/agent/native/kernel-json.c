/*
 * The rtnetlink messages of a link or address dump, written as JSON objects for the agent's
 * observer (apps/agent/src/observe/kernel-json.ts), which reads a whole kernel with one
 * JSON.parse instead of decoding ~1500 binary messages in JavaScript. It keeps exactly what
 * the binary decoders (src/observe/rtnetlink.ts, linkinfo.ts) read, with the same rules: the
 * last of two equal attributes wins (the first inside IFLA_INFO_DATA), strings end at their
 * first NUL, and the device kind is decoded only for links that carry a netloom marker, are
 * loopbacks or are VXLANs. Addresses are left as bytes (IPv4 as dotted text, IPv6 as eight numbers) so that
 * one function, in TypeScript, spells IPv6.
 *
 * Strings are copied byte for byte, escaping only what JSON requires: the agent decodes the
 * frame as UTF-8, exactly as it decodes each string of a binary dump.
 */
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nl-relay.h"

#ifndef IFLA_LINK_NETNSID
#define IFLA_LINK_NETNSID 37
#endif

typedef struct {
  const unsigned char *data;
  size_t len;
} span;

static void raw(const char *s) { append(s, strlen(s)); }

static void number(long long v) {
  char buf[24];
  int n = snprintf(buf, sizeof buf, "%lld", v);
  append(buf, (size_t)n);
}

static void unsigned_number(unsigned long long v) {
  char buf[24];
  int n = snprintf(buf, sizeof buf, "%llu", v);
  append(buf, (size_t)n);
}

/* `,"key":` (no comma before the first field: `first` says which). */
static void key(const char *k, int *first) {
  if (!*first) append(",", 1);
  *first = 0;
  append("\"", 1);
  raw(k);
  append("\":", 2);
}

void json_string(const char *s, size_t len) {
  static const char hex[] = "0123456789abcdef";
  append("\"", 1);
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    append(s + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') {
      char esc[2] = { '\\', (char)c };
      append(esc, 2);
    } else {
      char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
      append(esc, 6);
    }
  }
  append(s + run, len - run);
  append("\"", 1);
}

/* A string attribute: up to its first NUL. */
static void cstring(span a) {
  const unsigned char *nul = memchr(a.data, 0, a.len);
  json_string((const char *)a.data, nul ? (size_t)(nul - a.data) : a.len);
}

static int has(span a, size_t bytes) { return a.data != NULL && a.len >= bytes; }
static uint32_t u32(span a) { uint32_t v; memcpy(&v, a.data, 4); return v; }
static int32_t s32(span a) { int32_t v; memcpy(&v, a.data, 4); return v; }
static uint64_t u64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* An address attribute: IPv4 as "a.b.c.d", IPv6 as its eight 16-bit groups; nothing when all
 * zero (unset) or neither length. Returns whether it wrote one. */
static int ip_value(span a) {
  if (a.data == NULL || (a.len != 4 && a.len != 16)) return 0;
  int any = 0;
  for (size_t i = 0; i < a.len; i++) any |= a.data[i];
  if (!any) return 0;
  char buf[64];
  if (a.len == 4) {
    int n = snprintf(buf, sizeof buf, "\"%u.%u.%u.%u\"", a.data[0], a.data[1], a.data[2], a.data[3]);
    append(buf, (size_t)n);
    return 1;
  }
  append("[", 1);
  for (int g = 0; g < 8; g++) {
    if (g > 0) append(",", 1);
    number((a.data[2 * g] << 8) | a.data[2 * g + 1]);
  }
  append("]", 1);
  return 1;
}

/* Calls visit(type, span) for each attribute in [p, end), as forEachAttr does. */
#define EACH_ATTR(p, end, type, value, body)                                                   \
  for (const unsigned char *at_ = (p); at_ + 4 <= (end);) {                                      \
    uint16_t len_, type_;                                                                        \
    memcpy(&len_, at_, 2);                                                                       \
    memcpy(&type_, at_ + 2, 2);                                                                  \
    if (len_ < 4 || at_ + len_ > (end)) break;                                                   \
    unsigned short type = type_ & NLA_TYPE_MASK;                                                 \
    span value = { at_ + 4, (size_t)len_ - 4 };                                                  \
    body;                                                                                        \
    at_ += (len_ + 3u) & ~3u;                                                                    \
  }

/* The first attribute of `type` in a nested attribute. */
static span find(span nest, unsigned short wanted) {
  span none = { NULL, 0 };
  EACH_ATTR(nest.data, nest.data + nest.len, type, value, {
    if (type == wanted) return value;
  });
  return none;
}

/* IFLA_LINKINFO as linkinfo.ts reads it: kind, slave kind, and tap, stp or the VXLAN settings. */
static void linkinfo(span info) {
  span kind = { NULL, 0 }, slave = { NULL, 0 }, data = { NULL, 0 };
  EACH_ATTR(info.data, info.data + info.len, type, value, {
    if (type == IFLA_INFO_KIND) kind = value;
    else if (type == IFLA_INFO_DATA) data = value;
    else if (type == IFLA_INFO_SLAVE_KIND) slave = value;
  });
  int first = 1;
  append("{", 1);
  if (kind.data) { key("kind", &first); cstring(kind); }
  if (slave.data) { key("slave", &first); cstring(slave); }
  if (data.data && kind.data) {
    const unsigned char *nul = memchr(kind.data, 0, kind.len);
    size_t n = nul ? (size_t)(nul - kind.data) : kind.len;
    if (n == 3 && memcmp(kind.data, "tun", 3) == 0) {
      span t = find(data, IFLA_TUN_TYPE);
      key("tap", &first);
      raw(has(t, 1) && (t.data[0] & IFF_TAP) ? "true" : "false");
    } else if (n == 6 && memcmp(kind.data, "bridge", 6) == 0) {
      span stp = find(data, IFLA_BR_STP_STATE);
      key("stp", &first);
      raw(has(stp, 4) && u32(stp) != 0 ? "true" : "false");
    } else if (n == 5 && memcmp(kind.data, "vxlan", 5) == 0) {
      span id = find(data, IFLA_VXLAN_ID), port = find(data, IFLA_VXLAN_PORT), link = find(data, IFLA_VXLAN_LINK);
      key("vxlan", &first);
      int f = 1;
      append("{", 1);
      key("vni", &f);
      unsigned_number(has(id, 4) ? u32(id) : 0);
      key("port", &f);
      number(has(port, 2) ? (port.data[0] << 8) | port.data[1] : 0); /* network byte order */
      if (has(link, 4) && u32(link) != 0) { key("underlayIndex", &f); unsigned_number(u32(link)); }
      /* The kernel reports a unicast remote and a multicast group in the same attribute. */
      const struct { const char *name; unsigned short v4, v6; } ips[] = {
        { "local", IFLA_VXLAN_LOCAL, IFLA_VXLAN_LOCAL6 },
        { "peer", IFLA_VXLAN_GROUP, IFLA_VXLAN_GROUP6 },
      };
      for (size_t i = 0; i < 2; i++) {
        size_t mark = out_len;
        key(ips[i].name, &f);
        if (!ip_value(find(data, ips[i].v4)) && !ip_value(find(data, ips[i].v6))) out_len = mark;
      }
      append("}", 1);
    }
  }
  append("}", 1);
}

void json_link(const struct nlmsghdr *h) {
  if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(struct ifinfomsg)) return;
  const struct ifinfomsg *ifi = NLMSG_DATA(h);
  const unsigned char *end = (const unsigned char *)h + h->nlmsg_len;
  span name = { NULL, 0 }, alias = { NULL, 0 }, master = { NULL, 0 }, mtu = { NULL, 0 }, mac = { NULL, 0 },
       oper = { NULL, 0 }, carrier = { NULL, 0 }, info = { NULL, 0 }, stats = { NULL, 0 }, nsid = { NULL, 0 },
       iflink = { NULL, 0 }, qdisc = { NULL, 0 };
  EACH_ATTR((const unsigned char *)ifi + sizeof *ifi, end, type, value, {
    switch (type) {
      case IFLA_IFNAME: name = value; break;
      case IFLA_IFALIAS: alias = value; break;
      case IFLA_MASTER: master = value; break;
      case IFLA_MTU: mtu = value; break;
      case IFLA_ADDRESS: mac = value; break;
      case IFLA_OPERSTATE: oper = value; break;
      case IFLA_CARRIER: carrier = value; break;
      case IFLA_LINKINFO: info = value; break;
      case IFLA_STATS64: stats = value; break;
      case IFLA_LINK_NETNSID: nsid = value; break;
      case IFLA_LINK: iflink = value; break;
      case IFLA_QDISC: qdisc = value; break;
      default: break;
    }
  });
  if (name.data == NULL) return;
  if (out_len > 0 && out[out_len - 1] != '[') append(",", 1);
  int first = 1;
  append("{", 1);
  key("index", &first);
  number(ifi->ifi_index);
  key("flags", &first);
  unsigned_number(ifi->ifi_flags);
  key("name", &first);
  cstring(name);
  if (alias.data) { key("alias", &first); cstring(alias); }
  if (has(master, 4)) { key("master", &first); unsigned_number(u32(master)); }
  if (has(mtu, 4)) { key("mtu", &first); unsigned_number(u32(mtu)); }
  if (mac.data && mac.len == 6) {
    char text[18];
    snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac.data[0], mac.data[1], mac.data[2], mac.data[3],
             mac.data[4], mac.data[5]);
    key("mac", &first);
    json_string(text, 17);
  }
  if (has(oper, 1)) { key("operstate", &first); number(oper.data[0]); }
  if (has(carrier, 1)) { key("carrier", &first); number(carrier.data[0]); }
  if (has(stats, 64)) {
    key("stats", &first);
    append("[", 1);
    for (int i = 0; i < 8; i++) {
      if (i > 0) append(",", 1);
      unsigned_number(u64(stats.data + 8 * i));
    }
    append("]", 1);
  }
  if (has(nsid, 4)) { key("linkNetnsid", &first); number(s32(nsid)); }
  if (has(iflink, 4)) { key("iflink", &first); number(s32(iflink)); }
  /* The kind only for what may be ours, as rtnetlink.ts: everything else is foreign, named only. */
  int marked = 0;
  if (alias.data) {
    const unsigned char *nul = memchr(alias.data, 0, alias.len);
    size_t n = nul ? (size_t)(nul - alias.data) : alias.len;
    marked = n >= 8 && memcmp(alias.data, "netloom:", 8) == 0;
  }
  /* And someone else's VXLANs, for the preflight (their VNI and port): linkinfo.ts isVxlanInfo. */
  int vxlan = 0;
  if (info.data && info.len >= 10) {
    uint16_t first_len, first_type;
    memcpy(&first_len, info.data, 2);
    memcpy(&first_type, info.data + 2, 2);
    vxlan = first_type == IFLA_INFO_KIND && first_len >= 10 && memcmp(info.data + 4, "vxlan\0", 6) == 0;
  }
  if (info.data && (marked || vxlan || (ifi->ifi_flags & IFF_LOOPBACK))) {
    key("info", &first);
    linkinfo(info);
  }
  /* The root qdisc of what may be ours, unless it is the default (rtnetlink.ts: link impairments). */
  if (marked && qdisc.data) {
    const unsigned char *nul = memchr(qdisc.data, 0, qdisc.len);
    size_t n = nul ? (size_t)(nul - qdisc.data) : qdisc.len;
    if (!(n == 7 && memcmp(qdisc.data, "noqueue", 7) == 0)) { key("qdisc", &first); cstring(qdisc); }
  }
  append("}", 1);
}

void json_address(const struct nlmsghdr *h) {
  if (h->nlmsg_len < NLMSG_HDRLEN + sizeof(struct ifaddrmsg)) return;
  const struct ifaddrmsg *ifa = NLMSG_DATA(h);
  const unsigned char *end = (const unsigned char *)h + h->nlmsg_len;
  span local = { NULL, 0 }, address = { NULL, 0 };
  EACH_ATTR((const unsigned char *)ifa + sizeof *ifa, end, type, value, {
    if (type == IFA_LOCAL) local = value;
    else if (type == IFA_ADDRESS) address = value;
  });
  span chosen = local.data ? local : address;
  size_t mark = out_len;
  if (out_len > 0 && out[out_len - 1] != '[') append(",", 1);
  int first = 1;
  append("{", 1);
  key("index", &first);
  unsigned_number(ifa->ifa_index);
  key("prefixlen", &first);
  number(ifa->ifa_prefixlen);
  key("scope", &first);
  number(ifa->ifa_scope);
  key("ip", &first);
  if (!ip_value(chosen)) {
    out_len = mark; /* no usable address: left out, as parseAddressDump does */
    return;
  }
  append("}", 1);
}
