/* What nl-relay.c and kernel-json.c share: the frame being written, and the JSON writers. */
#ifndef NL_RELAY_H
#define NL_RELAY_H

#include <linux/netlink.h>
#include <stddef.h>

/* The answer being built, written to stdout as one length-prefixed frame. */
extern char *out;
extern size_t out_len;
void append(const void *data, size_t len);

void json_string(const char *s, size_t len);
/* One RTM_NEWLINK / RTM_NEWADDR message as a JSON object, after a comma unless it opens a list. */
void json_link(const struct nlmsghdr *h);
void json_address(const struct nlmsghdr *h);

#endif
