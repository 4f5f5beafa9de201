import { z } from 'zod';

import { canonicalCidr, canonicalIp } from './addressing';
import { quote } from './issues';

/** Field schemas the document and its lesson share (document.ts re-exports them). */

const check = (test: (s: string) => boolean, message: (s: string) => string) => (s: string, ctx: z.RefinementCtx) => {
  if (!test(s)) ctx.addIssue({ code: 'custom', message: message(s) });
};

/** Document ids: stable names for nodes and links, used in paths, markers and layout. */
export const ObjectId = z.lazy(() =>
  z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1-64 characters of letters, digits, "_" and "-"'),
);

export const TopologyName = z.lazy(() =>
  z.string().regex(/^[a-z0-9-]{1,32}$/, 'the topology name is 1-32 characters of lowercase letters, digits and "-"'),
);

/** An interface address in CIDR form, written canonically (`10.0.0.1/24`, not `010.0.0.1/24`). */
export const CidrText = z.lazy(() =>
  z.string().superRefine(
    check(
      (s) => canonicalCidr(s) !== null,
      (s) => `${quote(s)} is not an address in CIDR form such as 10.0.0.1/24`,
    ),
  ),
);

export const IpText = z.lazy(() =>
  z.string().superRefine(
    check(
      (s) => canonicalIp(s) !== null,
      (s) => `${quote(s)} is not an IPv4 or IPv6 address`,
    ),
  ),
);

/** An IPv4 address (port forwards are IPv4: `dnat ip to`). */
export const Ipv4Text = z.lazy(() =>
  z.string().superRefine(
    check(
      (s) => canonicalIp(s) !== null && !s.includes(':'),
      (s) => `${quote(s)} is not an IPv4 address such as 10.0.0.2`,
    ),
  ),
);

export const MacText = z.lazy(() =>
  z.string().regex(/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/, 'a MAC address looks like 02:00:00:00:00:01'),
);
