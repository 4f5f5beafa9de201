/*
 * tun-echo: netloom's user-space end of a tun or tap device, for the tun/tap lesson.
 *
 *   tun-echo NETNS|- IFNAME IFINDEX tun|tap
 *
 * Enters the network namespace /run/netns/NETNS (`-`: stay in this one), attaches to the tun or
 * tap device IFNAME there, which must exist already with ifindex IFINDEX (the agent proved it is
 * netloom's before starting this), and from then on prints one line per packet the kernel hands
 * it (IPv4: source > destination, protocol; ICMP: type, id, seq) and answers ICMP echo requests
 * with echo replies, written back into the device, so a ping to any other address of its subnet
 * is answered for as long as this program runs. A tun hands it bare IP packets. A tap hands it
 * Ethernet frames: each line then starts with the frame's MACs, and the program plays a machine
 * with the MAC TAP_MAC behind the tap, answering ARP requests for any address but the asker's.
 *
 * TUNSETIFF on a name that exists attaches to that device; on a name that does not, it makes a
 * new one. So the ifindex is checked before and after: a device made here instead (the tun was
 * deleted meanwhile) is not netloom's, and closing the descriptor deletes it again (it is not
 * persistent). The process asks for SIGTERM when its parent dies (PR_SET_PDEATHSIG), so it
 * never outlives the netloom command that started it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <unistd.h>

static volatile sig_atomic_t stopping = 0;

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

/* The Internet checksum (RFC 1071) of len bytes. */
static uint16_t checksum(const uint8_t *p, size_t len) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < len; i += 2) sum += (uint32_t)(p[i] << 8 | p[i + 1]);
  if (len & 1) sum += (uint32_t)(p[len - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return (uint16_t)~sum;
}

/* The MAC of the machine the program plays behind a tap: locally administered, unicast. */
static const uint8_t TAP_MAC[6] = {0x02, 0x6e, 0x6c, 0x74, 0x61, 0x70};

static void put16(uint8_t *p, uint16_t v) {
  p[0] = (uint8_t)(v >> 8);
  p[1] = (uint8_t)(v & 0xff);
}

static const char *protocol_name(uint8_t proto) {
  switch (proto) {
  case 1: return "ICMP";
  case 6: return "TCP";
  case 17: return "UDP";
  case 58: return "ICMPv6";
  default: return NULL;
  }
}

/* Prints the IP packet on one line; turns an ICMP echo request into its reply in place (returns 1). */
static int handle_ip(uint8_t *pkt, size_t len) {
  if (len >= 1 && pkt[0] >> 4 == 6) {
    printf("IPv6 packet, %zu bytes (not answered)\n", len);
    return 0;
  }
  size_t ihl = len >= 1 ? (size_t)(pkt[0] & 0x0f) * 4 : 0;
  if (len < 20 || pkt[0] >> 4 != 4 || ihl < 20 || ihl > len) {
    printf("not an IP packet, %zu bytes\n", len);
    return 0;
  }
  char src[16], dst[16];
  snprintf(src, sizeof src, "%u.%u.%u.%u", pkt[12], pkt[13], pkt[14], pkt[15]);
  snprintf(dst, sizeof dst, "%u.%u.%u.%u", pkt[16], pkt[17], pkt[18], pkt[19]);
  uint8_t proto = pkt[9];
  const char *name = protocol_name(proto);
  if (proto != 1 || len < ihl + 8) {
    if (name != NULL) printf("%s > %s %s, %zu bytes\n", src, dst, name, len);
    else printf("%s > %s protocol %u, %zu bytes\n", src, dst, proto, len);
    return 0;
  }
  uint8_t *icmp = pkt + ihl;
  unsigned id = (unsigned)(icmp[4] << 8 | icmp[5]), seq = (unsigned)(icmp[6] << 8 | icmp[7]);
  if (icmp[0] != 8 || icmp[1] != 0) {
    printf("%s > %s ICMP type %u code %u, %zu bytes\n", src, dst, icmp[0], icmp[1], len);
    return 0;
  }
  printf("%s > %s ICMP echo request id %u seq %u, %zu bytes: echo reply sent\n", src, dst, id, seq, len);
  /* The reply: addresses swapped, type 0, both checksums computed again. */
  uint8_t addr[4];
  memcpy(addr, pkt + 12, 4);
  memcpy(pkt + 12, pkt + 16, 4);
  memcpy(pkt + 16, addr, 4);
  pkt[8] = 64; /* TTL */
  put16(pkt + 10, 0);
  put16(pkt + 10, checksum(pkt, ihl));
  icmp[0] = 0;
  put16(icmp + 2, 0);
  size_t total = (size_t)(pkt[2] << 8 | pkt[3]);
  size_t icmp_len = (total > ihl && total <= len ? total : len) - ihl;
  put16(icmp + 2, checksum(icmp, icmp_len));
  return 1;
}

static void format_mac(char *out, const uint8_t *mac) {
  snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

/*
 * An Ethernet frame from a tap: its MACs, then what it carries. Turns an ARP request for another
 * address, or an ICMP echo request to TAP_MAC, into its answer in place (returns 1).
 */
static int handle_frame(uint8_t *f, size_t len) {
  if (len < 14) {
    printf("runt frame, %zu bytes\n", len);
    return 0;
  }
  char src[18], dst[18];
  format_mac(dst, f);
  format_mac(src, f + 6);
  unsigned type = (unsigned)(f[12] << 8 | f[13]);
  printf("%s > %s ", src, dst);
  if (type == 0x0806 && len >= 42) {
    uint8_t *arp = f + 14;
    unsigned op = (unsigned)(arp[6] << 8 | arp[7]);
    char spa[16], tpa[16];
    snprintf(spa, sizeof spa, "%u.%u.%u.%u", arp[14], arp[15], arp[16], arp[17]);
    snprintf(tpa, sizeof tpa, "%u.%u.%u.%u", arp[24], arp[25], arp[26], arp[27]);
    if (op != 1) {
      printf("ARP op %u, %s > %s\n", op, spa, tpa);
      return 0;
    }
    if (memcmp(arp + 14, arp + 24, 4) == 0) {
      printf("ARP announcement: %s is at %s\n", spa, src);
      return 0;
    }
    char mine[18];
    format_mac(mine, TAP_MAC);
    printf("ARP who-has %s tell %s: ARP reply sent, %s is at %s\n", tpa, spa, tpa, mine);
    uint8_t asker_mac[6], asker_ip[4], target_ip[4];
    memcpy(asker_mac, arp + 8, 6);
    memcpy(asker_ip, arp + 14, 4);
    memcpy(target_ip, arp + 24, 4);
    memcpy(f, asker_mac, 6);
    memcpy(f + 6, TAP_MAC, 6);
    put16(arp + 6, 2);
    memcpy(arp + 8, TAP_MAC, 6);
    memcpy(arp + 14, target_ip, 4);
    memcpy(arp + 18, asker_mac, 6);
    memcpy(arp + 24, asker_ip, 4);
    return 1;
  }
  if (type == 0x86dd) {
    printf("IPv6, %zu bytes (not answered)\n", len);
    return 0;
  }
  if (type != 0x0800) {
    printf("ethertype 0x%04x, %zu bytes\n", type, len);
    return 0;
  }
  printf("IPv4 ");
  if (memcmp(f, TAP_MAC, 6) != 0) {
    /* Not for the machine the program plays (a multicast, say): shown, never answered. */
    uint8_t copy[65536];
    memcpy(copy, f + 14, len - 14);
    handle_ip(copy, len - 14);
    return 0;
  }
  if (!handle_ip(f + 14, len - 14)) return 0;
  memcpy(f, f + 6, 6);
  memcpy(f + 6, TAP_MAC, 6);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 5 || (strcmp(argv[4], "tun") != 0 && strcmp(argv[4], "tap") != 0)) {
    fprintf(stderr, "usage: tun-echo NETNS|- IFNAME IFINDEX tun|tap\n");
    return 2;
  }
  const char *netns = argv[1], *ifname = argv[2];
  int tap = strcmp(argv[4], "tap") == 0;
  unsigned expected = (unsigned)strtoul(argv[3], NULL, 10);
  pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) return 1; /* the parent died before the line above */
  setvbuf(stdout, NULL, _IOLBF, 0);

  if (strcmp(netns, "-") != 0) {
    char path[256];
    snprintf(path, sizeof path, "/run/netns/%s", netns);
    int ns = open(path, O_RDONLY | O_CLOEXEC);
    if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) {
      fprintf(stderr, "tun-echo: cannot enter namespace %s: %s\n", netns, strerror(errno));
      return 1;
    }
    close(ns);
  }
  if (strlen(ifname) >= IFNAMSIZ || if_nametoindex(ifname) != expected) {
    fprintf(stderr, "tun-echo: %s is not the device netloom checked (ifindex %u)\n", ifname, expected);
    return 1;
  }
  int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "tun-echo: cannot open /dev/net/tun: %s\n", strerror(errno));
    return 1;
  }
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = (tap ? IFF_TAP : IFF_TUN) | IFF_NO_PI;
  memcpy(ifr.ifr_name, ifname, strlen(ifname));
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
    fprintf(stderr, "tun-echo: cannot attach to %s: %s%s\n", ifname, strerror(errno),
            errno == EBUSY ? " (another program holds it)" : errno == EINVAL ? " (not of that kind, or multi-queue)" : "");
    return 1;
  }
  if (if_nametoindex(ifname) != expected) {
    fprintf(stderr, "tun-echo: %s changed while attaching; let go of it\n", ifname);
    return 1;
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: read() returns EINTR and the loop ends */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  printf("holding %s in %s: every packet the kernel routes into it is shown here, and pings are answered\n",
         ifname, strcmp(netns, "-") == 0 ? "the root namespace" : netns);
  static uint8_t pkt[65536];
  while (!stopping) {
    ssize_t n = read(fd, pkt, sizeof pkt);
    if (n < 0) {
      if (errno == EINTR) continue;
      fprintf(stderr, "tun-echo: reading %s: %s\n", ifname, strerror(errno));
      return 1;
    }
    int answer = tap ? handle_frame(pkt, (size_t)n) : handle_ip(pkt, (size_t)n);
    if (answer && write(fd, pkt, (size_t)n) < 0)
      fprintf(stderr, "tun-echo: writing the reply into %s: %s\n", ifname, strerror(errno));
  }
  printf("let go of %s\n", ifname);
  return 0;
}
