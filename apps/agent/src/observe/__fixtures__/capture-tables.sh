#!/bin/sh
# Recreates tables.* fixtures (observe/tables.ts): run as root inside scripts/netns-sandbox.sh,
# after `pnpm build`. Two namespaces on a bridge that has learned their MACs, an IPv6 address,
# a static route and a VXLAN with a static FDB entry beside its default remote.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
RELAY="$HERE/../../../dist/nl-relay"
ip netns add ta; ip netns set ta auto
ip netns add tb; ip netns set tb auto
ip netns add tv; ip netns set tv auto
ip link add name br0 type bridge; ip link set dev br0 up
ip addr add 10.7.0.254/24 dev br0
for n in ta tb; do
  ip link add name "v$n" type veth peer name eth0 netns "$n"
  ip link set dev "v$n" master br0 up
  ip -n "$n" link set dev lo up
  ip -n "$n" link set dev eth0 up
done
ip -n ta addr add 10.7.0.1/24 dev eth0
ip -n ta addr add fd07::1/64 dev eth0 nodad
ip -n tb addr add 10.7.0.2/24 dev eth0
ip -n tb addr add fd07::2/64 dev eth0 nodad
ip -n ta route add default via 10.7.0.254
ip -n ta route add 10.70.0.0/16 via 10.7.0.2 metric 50
ip -n ta route add fd70::/64 via fd07::2
ip -n tv link set dev lo up
ip -n tv link add name under0 type veth peer name under1
ip -n tv link set dev under0 up; ip -n tv link set dev under1 up
ip -n tv addr add 10.8.0.1/24 dev under0
ip -n tv link add name vx42 type vxlan id 42 dstport 4789 local 10.8.0.1 remote 10.8.0.2 dev under0
ip -n tv link set dev vx42 up
ip -n tv link add name brv type bridge
ip -n tv link set dev vx42 master brv
ip -n tv link set dev brv up
bridge -n tv fdb append 02:00:00:00:00:42 dev vx42 dst 10.8.0.3 self permanent
ip netns exec ta ping -n -c 1 -W 1 10.7.0.2 > /dev/null
ip netns exec ta ping -n -c 1 -W 1 fd07::2 > /dev/null
ip netns exec ta ping -n -c 1 -W 1 10.7.0.254 > /dev/null
for n in ta tv; do
  ip -n "$n" -j addr show > "$HERE/tables.$n.addr.json"
  ip -n "$n" -j route show table main > "$HERE/tables.$n.route4.json"
  ip -n "$n" -6 -j route show table main > "$HERE/tables.$n.route6.json"
  ip -n "$n" -j neigh show > "$HERE/tables.$n.neigh.json"
done
bridge -n tv -j fdb show > "$HERE/tables.tv.fdb.json"
bridge -j fdb show > "$HERE/tables.root.fdb.json"
printf 'T ta\nT tv\nT -\nT nosuch\n' | "$RELAY" > /tmp/tables-frames.bin
python3 - "$HERE" <<'PY'
import struct, sys
here = sys.argv[1]
d = open('/tmp/tables-frames.bin', 'rb').read()
for name in ['tables.ta.bin', 'tables.tv.bin', 'tables.root.bin', 'tables.nosuch.bin']:
    n = struct.unpack('<I', d[:4])[0]
    open(f'{here}/{name}', 'wb').write(d[4:4 + n])
    d = d[4 + n:]
PY
npx prettier --write "$HERE"/tables.*.json > /dev/null 2>&1 || true
