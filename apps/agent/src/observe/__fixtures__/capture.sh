#!/bin/sh
# Recreates fx.* fixtures: run as root inside scripts/netns-sandbox.sh, after `pnpm build`.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
RELAY="$HERE/../../../dist/nl-relay"
ip netns add fx; ip netns set fx auto
ip -n fx link set dev lo alias "netloom:fx/ns" up
ip -n fx link add name br0 type bridge stp_state 1
ip -n fx link set dev br0 alias "netloom:fx/br" up
ip -n fx addr add 10.9.0.1/24 dev br0
ip -n fx addr add fd00::1/64 dev br0
ip -n fx link add name under0 type veth peer name under1
ip -n fx link set dev under0 up; ip -n fx link set dev under1 up
ip -n fx addr add 10.8.0.1/24 dev under0
ip -n fx link add name vx42 type vxlan id 42 dstport 4789 local 10.8.0.1 remote 10.8.0.2 dev under0
ip -n fx link add name vxm type vxlan id 7 dstport 8472 group 239.1.1.1 dev under0
ip -n fx link add name vx6 type vxlan id 9 dstport 4790 local fd00::1 remote fd00::2
ip -n fx link set dev vx42 master br0
ip -n fx tuntap add dev tap0 mode tap
ip -n fx tuntap add dev tun0 mode tun
ip -n fx link set dev tap0 master br0 mtu 1400
for d in under0 under1 vx42 vxm vx6 tap0 tun0; do ip -n fx link set dev $d alias "netloom:fx/$d"; done
# A foreign device whose alias needs escaping in JSON.
ip -n fx link add name odd0 type bridge
ip -n fx link set dev odd0 alias "$(printf 'q"u\\ote')"
sleep 0.3
ip -n fx -j -d addr show > "$HERE/fx.ip.json"
# The binary dumps (rtnetlink.ts) and, at the same moment, the JSON (kernel-json.ts) of the namespace.
printf 'L 0\nA 0\nj 0\n' | "$RELAY" > /tmp/frames.bin
python3 - "$HERE" <<'PY'
import struct, sys
here = sys.argv[1]
d = open('/tmp/frames.bin', 'rb').read()
for name in ['fx.links.bin', 'fx.addresses.bin', 'fx.namespace.json']:
    n = struct.unpack('<I', d[:4])[0]
    open(f'{here}/{name}', 'wb').write(d[4:4 + n])
    d = d[4 + n:]
PY
npx prettier --write "$HERE"/*.json > /dev/null 2>&1 || true
