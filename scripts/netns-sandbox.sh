#!/bin/sh
# Runs "$@" inside throwaway network + mount namespaces. Every netns, veth and bridge the
# command creates disappears when it exits, and the host's /run/netns is never touched.
set -eu
exec unshare --net --mount --propagation private -- sh -c '
  mkdir -p /run/netns /run/netloom
  mount -t tmpfs netns-sandbox /run/netns
  mount -t tmpfs netloom-sandbox /run/netloom
  ip link set lo up
  exec "$@"' netns-sandbox "$@"
