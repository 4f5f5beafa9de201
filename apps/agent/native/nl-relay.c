/*
 * nl-relay: the agent's window on the kernel's rtnetlink, for every namespace at once.
 *
 * One process, one NETLINK_ROUTE socket in the root namespace. Each request line on stdin,
 * "L <nsid>" (links with counters) or "A <nsid>" (addresses), with nsid -1 for the root
 * namespace, is sent as a dump addressed to that namespace by IFLA_TARGET_NETNSID /
 * IFA_TARGET_NETNSID, and the kernel's answer is written to stdout as one frame: a
 * 4-byte little-endian length, then the netlink messages (link messages keep only the attributes
 * the agent reads). "S -1" asks for the counters of
 * the root namespace alone (RTM_GETSTATS with IFLA_STATS_LINK_64: a sixth of a link dump's
 * bytes; stats dumps cannot be addressed to another namespace). "I <name>" asks the id of the
 * namespace /run/netns/<name> (RTM_GETNSID), so listing namespaces costs no `ip` process either;
 * "N" lists them all at once: for each entry of /run/netns, its id (-1 for none) and its name,
 * each NUL-terminated (or one record "E" and the error when the directory cannot be read).
 * "T <name>" asks the tables of /run/netns/<name> ("T -": the root namespace): links, addresses,
 * routes, neighbours and the bridge FDB, raw, in one frame (src/observe/tables.ts).
 * "nl-relay watch" is another mode: it prints a line "<nsid> <kind>" (-1: the root namespace) for each
 * link, address, route, neighbour or FDB change in any namespace with an id, "overflow" when the
 * kernel dropped some (src/telemetry/kernel-watch.ts).
 * Parsing happens in the agent
 * (TypeScript); this program only does what Node cannot: open a netlink socket and turn on
 * NETLINK_GET_STRICT_CHK, without which the kernel ignores the target namespace of an
 * address dump. No setns, no process per namespace: see PERFORMANCE.md.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nl-relay.h"

#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif
#ifndef IFLA_TARGET_NETNSID
#define IFLA_TARGET_NETNSID 46
#endif
#ifndef IFA_TARGET_NETNSID
#define IFA_TARGET_NETNSID 10
#endif
#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#endif

char *out;
size_t out_len;
static size_t out_cap;

void append(const void *data, size_t len) {
  if (out_len + len > out_cap) {
    while (out_len + len > out_cap) out_cap = out_cap ? out_cap * 2 : 1 << 16;
    out = realloc(out, out_cap);
    if (!out) { perror("nl-relay: realloc"); exit(1); }
  }
  memcpy(out + out_len, data, len);
  out_len += len;
}

static void emit_frame(void) {
  uint32_t len = (uint32_t)out_len;
  unsigned char header[4] = { len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, (len >> 24) & 0xff };
  if (fwrite(header, 1, 4, stdout) != 4 || fwrite(out, 1, out_len, stdout) != out_len || fflush(stdout) != 0) exit(1);
}

/* The attributes of a link the agent reads (rtnetlink.ts). The others, IPv6 settings and the
 * 32-bit copy of the counters above all, are ~85% of a link dump's bytes: dropping them here
 * spares the agent copying and walking them, 1000 links at a time. */
static int read_by_agent(unsigned short type) {
  switch (type) {
    case IFLA_ADDRESS: case IFLA_IFNAME: case IFLA_MTU: case IFLA_LINK: case IFLA_MASTER: case IFLA_OPERSTATE:
    case IFLA_LINKINFO: case IFLA_IFALIAS: case IFLA_STATS64: case IFLA_CARRIER: case IFLA_LINK_NETNSID:
    case IFLA_QDISC:
      return 1;
    default:
      return 0;
  }
}

/* Appends a RTM_NEWLINK message with only the attributes the agent reads. */
static void append_link(const struct nlmsghdr *h) {
  size_t start = out_len;
  size_t head = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct ifinfomsg));
  if (h->nlmsg_len < head) { append(h, h->nlmsg_len); return; }
  append(h, head);
  const char *end = (const char *)h + h->nlmsg_len;
  for (const char *a = (const char *)h + head; a + sizeof(struct rtattr) <= end;) {
    const struct rtattr *rta = (const struct rtattr *)a;
    if (rta->rta_len < sizeof(struct rtattr) || a + rta->rta_len > end) break;
    size_t padded = RTA_ALIGN(rta->rta_len);
    if (a + padded > end) padded = rta->rta_len;
    if (read_by_agent(rta->rta_type & NLA_TYPE_MASK)) append(a, padded);
    a += RTA_ALIGN(rta->rta_len);
  }
  uint32_t len = (uint32_t)(out_len - start);
  memcpy(out + start, &len, sizeof len); /* nlmsg_len is the header's first field */
}

/* Sends a dump request: links ('L'), addresses ('A') of the namespace with id `nsid` (-1: the
 * root namespace), or counters ('S') of the root namespace. */
static void send_dump(int fd, char kind, int nsid, uint32_t seq) {
  struct {
    struct nlmsghdr h;
    union { struct ifinfomsg link; struct ifaddrmsg addr; struct if_stats_msg stats; } body;
    char attrs[16];
  } req;
  memset(&req, 0, sizeof req);
  size_t body = kind == 'L' ? sizeof req.body.link : kind == 'A' ? sizeof req.body.addr : sizeof req.body.stats;
  req.h.nlmsg_len = NLMSG_LENGTH(body);
  req.h.nlmsg_type = kind == 'L' ? RTM_GETLINK : kind == 'A' ? RTM_GETADDR : RTM_GETSTATS;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.h.nlmsg_seq = seq;
  if (kind == 'S') req.body.stats.filter_mask = IFLA_STATS_FILTER_BIT(IFLA_STATS_LINK_64);
  if (nsid >= 0 && kind != 'S') {
    struct rtattr *rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(req.h.nlmsg_len));
    rta->rta_type = kind == 'L' ? IFLA_TARGET_NETNSID : IFA_TARGET_NETNSID;
    rta->rta_len = RTA_LENGTH(sizeof(int32_t));
    memcpy(RTA_DATA(rta), &nsid, sizeof(int32_t));
    req.h.nlmsg_len = NLMSG_ALIGN(req.h.nlmsg_len) + RTA_ALIGN(rta->rta_len);
  }
  if (send(fd, &req, req.h.nlmsg_len, 0) < 0) { perror("nl-relay: send"); exit(1); }
}

/* Calls visit(h) for every message of the answer to request `seq`: a dump ends with NLMSG_DONE,
 * a single answer is one message (or an error). Returns the errno of an error answer, or 0. */
static int receive_each(int fd, uint32_t seq, void (*visit)(const struct nlmsghdr *)) {
  static char buf[1 << 16];
  int error = 0;
  for (;;) {
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) { if (errno == EINTR) continue; perror("nl-relay: recv"); exit(1); }
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_seq != seq) continue;
      if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_len >= NLMSG_HDRLEN + sizeof(int) && error == 0) {
        int code;
        memcpy(&code, NLMSG_DATA(h), sizeof code);
        error = -code;
      }
      visit(h);
      if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR || !(h->nlmsg_flags & NLM_F_MULTI)) return error;
    }
  }
}

/* The raw answer, link messages cut down to what the agent reads. */
static void append_message(const struct nlmsghdr *h) {
  if (h->nlmsg_type == RTM_NEWLINK) append_link(h);
  else append(h, h->nlmsg_len);
}

static void receive_answer(int fd, uint32_t seq) { receive_each(fd, seq, append_message); }

static void json_link_message(const struct nlmsghdr *h) { if (h->nlmsg_type == RTM_NEWLINK) json_link(h); }
static void json_address_message(const struct nlmsghdr *h) { if (h->nlmsg_type == RTM_NEWADDR) json_address(h); }

/* `{"links":[…],"addresses":[…]}` of the namespace with id `nsid` (-1: root), with `"error":errno`
 * when the kernel refused a dump (the namespace went away meanwhile, say). */
static void json_namespace_body(int fd, int nsid, uint32_t *seq) {
  append("\"links\":[", 9);
  send_dump(fd, 'L', nsid, ++*seq);
  int error = receive_each(fd, *seq, json_link_message);
  append("],\"addresses\":[", 15);
  send_dump(fd, 'A', nsid, ++*seq);
  int address_error = receive_each(fd, *seq, json_address_message);
  append("]", 1);
  if (error == 0) error = address_error;
  if (error != 0) {
    char text[32];
    int n = snprintf(text, sizeof text, ",\"error\":%d", error);
    append(text, (size_t)n);
  }
}

/* RTM_GETNSID for the namespace file /run/netns/<name>; an unreadable name gets an empty answer. */
static void answer_nsid(int fd, char *name, uint32_t seq) {
  name[strcspn(name, "\n")] = '\0';
  if (name[0] == '\0' || name[0] == '.' || strchr(name, '/') != NULL) return;
  char path[300];
  if (snprintf(path, sizeof path, "/run/netns/%s", name) >= (int)sizeof path) return;
  int nsfd = open(path, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0) return;
  struct {
    struct nlmsghdr h;
    struct rtgenmsg g;
    char pad[3];
    struct rtattr fd_attr;
    uint32_t fd_value;
  } req;
  memset(&req, 0, sizeof req);
  req.h.nlmsg_len = sizeof req;
  req.h.nlmsg_type = RTM_GETNSID;
  req.h.nlmsg_flags = NLM_F_REQUEST;
  req.h.nlmsg_seq = seq;
  req.g.rtgen_family = AF_UNSPEC;
  req.fd_attr.rta_type = NETNSA_FD;
  req.fd_attr.rta_len = RTA_LENGTH(sizeof(uint32_t));
  req.fd_value = (uint32_t)nsfd;
  if (send(fd, &req, req.h.nlmsg_len, 0) >= 0) receive_answer(fd, seq);
  close(nsfd);
}

/* The id of the namespace /run/netns/<name> in the root namespace, or -1 (none, or unreadable). */
static int nsid_of(int fd, const char *name, uint32_t seq) {
  size_t start = out_len;
  answer_nsid(fd, (char *)name, seq);
  int id = -1;
  const char *p = out + start, *end = out + out_len;
  for (const struct nlmsghdr *h = (const struct nlmsghdr *)p; (const char *)h + NLMSG_HDRLEN <= end && h->nlmsg_len >= NLMSG_HDRLEN;
       h = (const struct nlmsghdr *)((const char *)h + NLMSG_ALIGN(h->nlmsg_len))) {
    if (h->nlmsg_type != RTM_NEWNSID) continue;
    const char *a = (const char *)h + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct rtgenmsg));
    for (const char *mend = (const char *)h + h->nlmsg_len; a + sizeof(struct rtattr) <= mend;) {
      const struct rtattr *rta = (const struct rtattr *)a;
      if (rta->rta_len < sizeof(struct rtattr) || a + rta->rta_len > mend) break;
      if (rta->rta_type == NETNSA_NSID && rta->rta_len >= RTA_LENGTH(sizeof(int32_t))) memcpy(&id, RTA_DATA(rta), sizeof id);
      a += RTA_ALIGN(rta->rta_len);
    }
  }
  out_len = start; /* only the id is wanted, not the answer */
  return id < 0 ? -1 : id;
}

/* "N": every named namespace with its id, in one frame: what `ip -j netns list` prints. */
static void answer_namespaces(int fd, uint32_t *seq) {
  DIR *dir = opendir("/run/netns");
  if (dir == NULL) {
    if (errno != ENOENT) {
      const char *why = strerror(errno);
      append("E", 2);
      append(why, strlen(why) + 1);
    }
    return;
  }
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    char name[sizeof e->d_name + 1];
    snprintf(name, sizeof name, "%s", e->d_name);
    int id = strchr(name, '\n') == NULL ? nsid_of(fd, name, ++*seq) : -1;
    char num[16];
    int n = snprintf(num, sizeof num, "%d", id);
    append(num, (size_t)n + 1);
    append(name, strlen(name) + 1);
  }
  closedir(dir);
}

/* "J": the whole kernel in one JSON frame, what the observer reads (src/observe/kernel-json.ts):
 * {"root":{links, addresses},"namespaces":[{"name","id",links, addresses} or {"name"} for a
 * namespace without an id (not read)]}, or "listError" when /run/netns cannot be read.
 * "j <nsid>": {links, addresses} of one namespace. */
static void answer_json(int fd, uint32_t *seq) {
  append("{\"root\":{", 9);
  json_namespace_body(fd, -1, seq);
  append("},\"namespaces\":[", 16);
  DIR *dir = opendir("/run/netns");
  int list_errno = dir == NULL ? errno : 0;
  int listed = 0;
  if (dir != NULL) {
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      int id = strchr(e->d_name, '\n') == NULL ? nsid_of(fd, e->d_name, ++*seq) : -1;
      if (listed++ > 0) append(",", 1);
      append("{\"name\":", 8);
      json_string(e->d_name, strlen(e->d_name));
      if (id >= 0) {
        char text[32];
        int n = snprintf(text, sizeof text, ",\"id\":%d,", id);
        append(text, (size_t)n);
        json_namespace_body(fd, id, seq);
      }
      append("}", 1);
    }
    closedir(dir);
  }
  append("]", 1);
  if (dir == NULL && list_errno != ENOENT) {
    const char *why = strerror(list_errno);
    append(",\"listError\":", 13);
    json_string(why, strlen(why));
  }
  append("}", 1);
}

/* The namespace the relay started in: it enters another to open a socket there, and comes back. */
static int root_ns = -1;

static void append_error(int errnum) {
  struct { struct nlmsghdr h; int code; struct nlmsghdr orig; } e;
  memset(&e, 0, sizeof e);
  e.h.nlmsg_len = sizeof e;
  e.h.nlmsg_type = NLMSG_ERROR;
  e.code = -errnum;
  append(&e, sizeof e);
}

/* A dump's messages without its end (NLMSG_DONE) or an error: a family the namespace lacks (IPv6
 * turned off) leaves its table empty instead of failing the others. */
static void append_table_message(const struct nlmsghdr *h) {
  if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return;
  append_message(h);
}

/* A dump request of `type` for `family`: every body here (ifinfomsg, ifaddrmsg, rtmsg, ndmsg)
 * starts with its family byte, and strict checking wants the rest zero. */
static void dump_table(int fd, uint16_t type, unsigned char family, uint32_t seq) {
  struct { struct nlmsghdr h; unsigned char body[16]; } req;
  memset(&req, 0, sizeof req);
  size_t body = type == RTM_GETLINK ? sizeof(struct ifinfomsg)
              : type == RTM_GETADDR ? sizeof(struct ifaddrmsg)
              : type == RTM_GETROUTE ? sizeof(struct rtmsg) : sizeof(struct ndmsg);
  req.h.nlmsg_len = NLMSG_LENGTH(body);
  req.h.nlmsg_type = type;
  req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.h.nlmsg_seq = seq;
  req.body[0] = family;
  if (send(fd, &req, req.h.nlmsg_len, 0) < 0) { perror("nl-relay: send"); exit(1); }
  receive_each(fd, seq, append_table_message);
}

/* A netlink socket inside /run/netns/<name>, or -1 with errno set. Route, neighbour and FDB dumps
 * cannot be addressed to another namespace by id as link and address dumps can, and a socket
 * belongs to the namespace it was made in: so enter, make it, come back. It is closed after the
 * answer: kept, it would keep a deleted namespace alive. */
static int socket_in(const char *name) {
  if (name[0] == '\0' || name[0] == '.' || name[0] == '-' || strchr(name, '/') != NULL) { errno = EINVAL; return -1; }
  char path[300];
  if (snprintf(path, sizeof path, "/run/netns/%s", name) >= (int)sizeof path) { errno = ENAMETOOLONG; return -1; }
  int nsfd = open(path, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0) return -1;
  if (setns(nsfd, CLONE_NEWNET) != 0) { int e = errno; close(nsfd); errno = e; return -1; }
  close(nsfd);
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  int e = errno;
  if (setns(root_ns, CLONE_NEWNET) != 0) { perror("nl-relay: setns back to the root namespace"); exit(1); }
  if (fd < 0) { errno = e; return -1; }
  int one = 1, rcvbuf = 1 << 20;
  setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  return fd;
}

/* "T <name>": links (trimmed as for "L"), addresses, IPv4 and IPv6 routes (every table: the agent
 * keeps main), IPv4 and IPv6 neighbours, and the bridge FDB (bridges' and VXLANs'), in one frame;
 * one NLMSG_ERROR alone when the namespace cannot be entered. */
static void answer_tables(int rootfd, char *name, uint32_t *seq) {
  name[strcspn(name, "\n")] = '\0';
  int fd = strcmp(name, "-") == 0 ? rootfd : socket_in(name);
  if (fd < 0) { append_error(errno); return; }
  dump_table(fd, RTM_GETLINK, AF_UNSPEC, ++*seq);
  dump_table(fd, RTM_GETADDR, AF_UNSPEC, ++*seq);
  dump_table(fd, RTM_GETROUTE, AF_INET, ++*seq);
  dump_table(fd, RTM_GETROUTE, AF_INET6, ++*seq);
  dump_table(fd, RTM_GETNEIGH, AF_INET, ++*seq);
  dump_table(fd, RTM_GETNEIGH, AF_INET6, ++*seq);
  dump_table(fd, RTM_GETNEIGH, AF_BRIDGE, ++*seq);
  if (fd != rootfd) close(fd);
}

#ifndef NETLINK_LISTEN_ALL_NSID
#define NETLINK_LISTEN_ALL_NSID 8
#endif

/* "nl-relay watch": one line "<nsid> <kind>" per change of a link (l), address (a), route (r),
 * neighbour or FDB entry (n), naming the namespace by its id in the root namespace (-1: the root
 * namespace itself, which the kernel sends without an id). A wake-up only: the agent reads the
 * tables again with "T", or runs the checks that involve the namespace. */
static int watch(void) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) { perror("nl-relay: socket"); return 1; }
  struct sockaddr_nl sa;
  memset(&sa, 0, sizeof sa);
  sa.nl_family = AF_NETLINK;
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) { perror("nl-relay: bind"); return 1; }
  const int groups[] = { RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE };
  for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
    if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &groups[i], sizeof groups[i]) < 0) { perror("nl-relay: join"); return 1; }
  int one = 1, rcvbuf = 1 << 20;
  if (setsockopt(fd, SOL_NETLINK, NETLINK_LISTEN_ALL_NSID, &one, sizeof one) < 0) { perror("nl-relay: all nsid"); return 1; }
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  static char buf[1 << 16];
  char control[CMSG_SPACE(sizeof(int))];
  for (;;) {
    struct iovec iov = { buf, sizeof buf };
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = control;
    m.msg_controllen = sizeof control;
    ssize_t n = recvmsg(fd, &m, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOBUFS) { if (printf("overflow\n") < 0 || fflush(stdout) != 0) return 1; continue; }
      perror("nl-relay: recvmsg");
      return 1;
    }
    int nsid = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c))
      if (c->cmsg_level == SOL_NETLINK && c->cmsg_type == NETLINK_LISTEN_ALL_NSID) memcpy(&nsid, CMSG_DATA(c), sizeof nsid);
    /* What changed, once per kind in this read: l(ink), a(ddress), r(oute), n(eighbour or FDB). */
    int seen[4] = { 0, 0, 0, 0 };
    int len = (int)n;
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)len); h = NLMSG_NEXT(h, len)) {
      int k = h->nlmsg_type == RTM_NEWLINK || h->nlmsg_type == RTM_DELLINK   ? 0
              : h->nlmsg_type == RTM_NEWADDR || h->nlmsg_type == RTM_DELADDR ? 1
              : h->nlmsg_type == RTM_NEWROUTE || h->nlmsg_type == RTM_DELROUTE ? 2
              : 3;
      seen[k] = 1;
    }
    for (int k = 0; k < 4; k++)
      if (seen[k] && printf("%d %c\n", nsid, "larn"[k]) < 0) return 1;
    if (fflush(stdout) != 0) return 1;
  }
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "watch") == 0) return watch();
  root_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) { perror("nl-relay: socket"); return 1; }
  int one = 1, rcvbuf = 1 << 20;
  if (setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one) < 0) { perror("nl-relay: strict check"); return 1; }
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  /* A bigger pipe to the agent: the relay answers 1000 requests without waiting for the agent to
   * drain each 64 KB, so the two work at once. Best effort: without it, only slower. */
  fcntl(1, F_SETPIPE_SZ, 1 << 20);
  char line[320];
  uint32_t seq = 0;
  while (fgets(line, sizeof line, stdin)) {
    char kind;
    int nsid;
    out_len = 0;
    if (line[0] == 'N' && (line[1] == '\n' || line[1] == ' ')) {
      answer_namespaces(fd, &seq);
      emit_frame();
      continue;
    }
    if (line[0] == 'J' && (line[1] == '\n' || line[1] == ' ')) {
      answer_json(fd, &seq);
      emit_frame();
      continue;
    }
    if (line[0] == 'j' && sscanf(line, "j %d", &nsid) == 1) {
      append("{", 1);
      json_namespace_body(fd, nsid, &seq);
      append("}", 1);
      emit_frame();
      continue;
    }
    if (line[0] == 'T' && line[1] == ' ') {
      answer_tables(fd, line + 2, &seq);
      emit_frame();
      continue;
    }
    if (line[0] == 'I' && line[1] == ' ') {
      answer_nsid(fd, line + 2, ++seq);
      emit_frame();
      continue;
    }
    if (sscanf(line, "%c %d", &kind, &nsid) != 2 || (kind != 'L' && kind != 'A' && kind != 'S')) { emit_frame(); continue; }
    send_dump(fd, kind, nsid, ++seq);
    receive_answer(fd, seq);
    emit_frame();
  }
  return 0;
}
