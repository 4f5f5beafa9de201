#!/usr/bin/env bash
# Installs what netloom needs on Debian 12 with Node 20, as root, skipping what is there:
# iproute2, ping, tcpdump, iperf3 (traffic on demand), nft (NAT), sysctl, a C compiler (for the nl-relay helper), Chromium (browser
# tests), pnpm, the workspace's packages, and the build.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v ip >/dev/null || missing+=(iproute2)
command -v ping >/dev/null || missing+=(iputils-ping)
command -v tcpdump >/dev/null || missing+=(tcpdump)
command -v iperf3 >/dev/null || missing+=(iperf3)
command -v nft >/dev/null || missing+=(nftables)
command -v sysctl >/dev/null || missing+=(procps)
command -v unshare >/dev/null || missing+=(util-linux)
command -v cc >/dev/null || missing+=(gcc libc6-dev)
[ -f /usr/include/linux/rtnetlink.h ] || missing+=(linux-libc-dev)
if [ "${NETLOOM_SKIP_BROWSER:-}" != 1 ]; then command -v chromium >/dev/null || missing+=(chromium); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# corepack's signature check fails on these machines; npm installs pnpm fine.
if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "12.4.2" ]; then
  echo "setup: installing pnpm 12.4.2" >&2
  npm install -g pnpm@12.4.2 >/dev/null 2>&1
fi
pnpm install --frozen-lockfile >/dev/null
pnpm build >/dev/null
