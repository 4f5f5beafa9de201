#!/bin/sh
# Runs "$@" inside throwaway network + mount namespaces. Every netns, veth and bridge the
# command creates disappears when it exits, and the host's /run/netns is never touched.
set -eu
exec unshare --net --mount --propagation private -- sh -c '
  mkdir -p /run/netns
  mkdir -p -m 0700 /run/netloom
  mount -t tmpfs netns-sandbox /run/netns
  # netloom refuses a state directory anyone else can write to (root only, 0700).
  mount -t tmpfs -o mode=0700 netloom-sandbox /run/netloom
  ip link set lo up
  exec "$@"' netns-sandbox "$@"
