#!/usr/bin/env bash
# Captures the decoder's fixtures from real traffic, then writes tcpdump's own reading of each file
# beside it (tcpdump -tt -nn -S -v -e -xx: absolute TCP sequence numbers, the whole frame in hex),
# which the unit tests compare the decoder with. Run it from the repository root inside the sandbox
# (it creates namespaces; they vanish when the sandbox exits):
#
#   bash scripts/netns-sandbox.sh bash packages/packets/scripts/make-fixtures.sh
#
# Needs ip, tcpdump, ping, radvd (router advertisements: apt-get install radvd), node and python3.
# Topology: a --(a0/r0, 10.1.1.0/24, fd00:1::/64)-- r --(r1/b0, 10.1.2.0/24, fd00:2::/64, MTU 1280)-- b
# Every capture is on a0 in namespace a.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/__fixtures__
mkdir -p "$out"
[ -d /run/netns ] && [ "$(stat -f -c %T /run/netns)" = tmpfs ] || { echo "run me inside scripts/netns-sandbox.sh" >&2; exit 1; }

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
for ns in a r b; do ip netns add $ns; nsx $ns ip link set lo up; done
ip link add a0 netns a type veth peer name r0 netns r
ip link add r1 netns r type veth peer name b0 netns b
nsx r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
nsx a sysctl -qw net.ipv6.conf.a0.keep_addr_on_down=1
nsx a ip addr add 10.1.1.1/24 dev a0
nsx a ip addr add fd00:1::1/64 dev a0 nodad
nsx r ip addr add 10.1.1.254/24 dev r0
nsx r ip addr add fd00:1::fe/64 dev r0 nodad
nsx r ip addr add 10.1.2.254/24 dev r1
nsx r ip addr add fd00:2::fe/64 dev r1 nodad
nsx b ip addr add 10.1.2.2/24 dev b0
nsx b ip addr add fd00:2::2/64 dev b0 nodad
nsx r ip link set r1 mtu 1280
nsx b ip link set b0 mtu 1280
for l in "a a0" "r r0" "r r1" "b b0"; do set -- $l; nsx "$1" ip link set "$2" up; done
nsx a ip route add default via 10.1.1.254
nsx a ip -6 route add default via fd00:1::fe
nsx b ip route add default via 10.1.2.254
nsx b ip -6 route add default via fd00:2::fe
sleep 2 # link-local DAD and the first MLD reports happen before any capture

pid=
start() { # start NAME [tcpdump options]: capture a0 into $out/NAME.pcap
  local name=$1; shift
  rm -f /tmp/fixture.err
  ip netns exec a tcpdump -i a0 -U -s 0 --immediate-mode "$@" -w "$out/$name.pcap" 2>/tmp/fixture.err &
  pid=$!
  for _ in $(seq 50); do grep -q listening /tmp/fixture.err && return; sleep 0.1; done
  echo "tcpdump did not start: $(cat /tmp/fixture.err)" >&2; exit 1
}
# ip netns exec execs tcpdump, so $pid is tcpdump's own (SIGINT is ignored by background jobs: TERM).
stop() { sleep 0.5; kill -TERM "$pid"; wait "$pid" || true; }

# ARP, ICMP echo, IPv4 options (record route), fragments, DF, frag-needed, time exceeded, port unreachable.
start ipv4
nsx a ping -n -c 1 -s 16 10.1.1.254
nsx a ping -n -c 1 -s 16 -R 10.1.2.2
nsx a ping -n -c 1 -s 1600 -M dont 10.1.1.254
nsx a ping -n -c 1 -s 1300 -M do -W 1 10.1.2.2 || true
nsx a ping -n -c 1 -s 16 -t 1 -W 1 10.1.2.2 || true
nsx a bash -c 'echo hi > /dev/udp/10.1.2.2/5000'
stop

# TCP (handshake with options, data both ways, FIN) and UDP, over IPv4 and IPv6.
ip netns exec b node -e "require('net').createServer((s) => s.end('hello\n')).listen(8080, '::')" &
server=$!
sleep 1
start transport
nsx a bash -c 'exec 3<>/dev/tcp/10.1.2.2/8080; echo hi >&3; cat <&3 >/dev/null'
nsx a bash -c 'exec 3<>/dev/tcp/fd00:2::2/8080; echo hi >&3; cat <&3 >/dev/null'
nsx a bash -c 'echo hi > /dev/udp/fd00:2::2/5001'
stop
kill "$server"

# IPv6: router solicitation (a0 flapped) and radvd's advertisement, neighbour discovery with
# SLAAC's DAD, MLD (hop-by-hop extension header), echo, fragments (fragment header), packet too big.
cat >/tmp/radvd.conf <<'CONF'
interface r0 {
  AdvSendAdvert on;
  MinRtrAdvInterval 30;
  MaxRtrAdvInterval 100;
  AdvLinkMTU 1500;
  prefix fd00:1::/64 { AdvOnLink on; AdvAutonomous on; };
};
CONF
start ipv6
nsx r radvd -C /tmp/radvd.conf -p /tmp/radvd.pid -m logfile -l /tmp/radvd.log
nsx a ip link set a0 down
nsx a ip link set a0 up
sleep 3
nsx a ping -n -c 1 -s 16 fd00:2::2
nsx a ping -n -c 1 -s 1600 -M dont fd00:1::fe
nsx a ping -n -c 1 -s 1300 -M do -W 1 fd00:2::2 || true
stop
kill "$(cat /tmp/radvd.pid)"
nsx a ip route replace default via 10.1.1.254

# 802.1Q (VLAN 100, priority 3) and QinQ (802.1ad service tag 10 around 802.1Q tag 20). This kernel
# has no 802.1Q (CONFIG_VLAN_8021Q and bridge VLAN filtering are not set), so a packet socket sends
# the tagged frames (an ARP request and ICMP echo requests, checksums computed) out of a0.
start vlan
nsx a python3 - "$(nsx a cat /sys/class/net/a0/address)" "$(nsx r cat /sys/class/net/r0/address)" <<'PY'
import socket, struct, sys
src, dst = (bytes.fromhex(m.replace(':', '')) for m in sys.argv[1:3])
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
def ping(a, b, ident):
    icmp = struct.pack('!BBHHH', 8, 0, 0, ident, 1) + bytes(range(16))
    icmp = icmp[:2] + struct.pack('!H', csum(icmp)) + icmp[4:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(icmp), 0x1234, 0x4000, 64, 1, 0, socket.inet_aton(a), socket.inet_aton(b))
    return b'\x08\x00' + ip[:10] + struct.pack('!H', csum(ip)) + ip[12:] + icmp
def tag(tpid, pcp, vid): return struct.pack('!HH', tpid, pcp << 13 | vid)
arp = b'\x08\x06' + struct.pack('!HHBBH6s4s6s4s', 1, 0x0800, 6, 4, 1, src, socket.inet_aton('10.100.0.1'), bytes(6), socket.inet_aton('10.100.0.254'))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW); s.bind(('a0', 0))
s.send(b'\xff' * 6 + src + tag(0x8100, 3, 100) + arp)
s.send(dst + src + tag(0x8100, 3, 100) + ping('10.100.0.1', '10.100.0.254', 100))
s.send(dst + src + tag(0x88a8, 0, 10) + tag(0x8100, 0, 20) + ping('10.120.0.1', '10.120.0.254', 120))
PY
stop

# VXLAN VNI 42 over the a0/r0 underlay (as examples/04-vxlan.yaml), with nanosecond timestamps.
nsx a ip link add vx42 type vxlan id 42 dstport 4789 local 10.1.1.1 remote 10.1.1.254 dev a0
nsx r ip link add vx42 type vxlan id 42 dstport 4789 local 10.1.1.254 remote 10.1.1.1 dev r0
for ns in a r; do nsx $ns sysctl -qw net.ipv6.conf.vx42.disable_ipv6=1; done
nsx a ip addr add 192.168.42.1/24 dev vx42
nsx r ip addr add 192.168.42.2/24 dev vx42
for ns in a r; do nsx $ns ip link set vx42 up; done
start vxlan --time-stamp-precision=nano
nsx a ping -n -c 1 -s 16 192.168.42.2
stop

for f in "$out"/*.pcap; do
  prec=micro
  [ "$(basename "$f")" = vxlan.pcap ] && prec=nano
  tcpdump -tt -nn -S -v -e -xx --time-stamp-precision=$prec -r "$f" >"${f%.pcap}.txt" 2>/dev/null
  echo "$f: $(grep -c '^[0-9]' "${f%.pcap}.txt") packets, $(stat -c %s "$f") bytes"
done
