import { z } from 'zod';

import { quote } from './issues';

/** IFNAMSIZ is 16 bytes including the terminating NUL. */
export const IFNAME_MAX_BYTES = 15;

/**
 * Words iproute2 reads as keywords where a name is expected. It prefix-matches keywords, so a
 * device called `help` or `dev` would turn a command into something else; we refuse them.
 */
export const IPROUTE2_KEYWORDS: ReadonlySet<string> = new Set([
  'all',
  'any',
  'dev',
  'name',
  'type',
  'help',
  'link',
  'netns',
  'master',
  'nomaster',
  'up',
  'down',
  'alias',
  'address',
  'mtu',
  'peer',
  'default',
  'group',
  'vrf',
  'add',
  'del',
  'delete',
  'set',
  'show',
  'list',
  'none',
  'to',
  'via',
  'table',
  'dst',
  'src',
  'index',
  'mode',
  'on',
  'off',
]);

const IFNAME_CHARS = /^[A-Za-z0-9_.-]+$/;
const NETNS_CHARS = /^[A-Za-z0-9_.-]+$/;
/** `ip netns add` accepts any file name; we keep the same characters as interface names. */
export const NETNS_NAME_MAX = 64;

/** Bytes in UTF-8: the kernel's limit is in bytes, and "é" is two of them. */
function utf8Length(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Why `name` cannot be an interface name, or null when it can. Shared by the schema and the canvas. */
export function ifnameProblem(name: string): string | null {
  if (name.length === 0) return 'an interface name cannot be empty';
  if (utf8Length(name) > IFNAME_MAX_BYTES)
    return `${quote(name)} is ${utf8Length(name)} bytes; Linux interface names hold at most ${IFNAME_MAX_BYTES}`;
  if (!IFNAME_CHARS.test(name)) return `${quote(name)} may only use letters, digits, "_", "." and "-"`;
  if (name.startsWith('-') || name.startsWith('.'))
    return `${quote(name)} cannot start with "${name[0]}" (iproute2 would read it as an option or a path)`;
  if (IPROUTE2_KEYWORDS.has(name.toLowerCase())) return `${quote(name)} is an iproute2 keyword; choose another name`;
  return null;
}

/** Why `name` cannot be a network namespace name, or null when it can. */
export function netnsNameProblem(name: string): string | null {
  if (name.length === 0) return 'a namespace name cannot be empty';
  if (name.length > NETNS_NAME_MAX) return `${quote(name)} is longer than ${NETNS_NAME_MAX} characters`;
  if (!NETNS_CHARS.test(name)) return `${quote(name)} may only use letters, digits, "_", "." and "-"`;
  if (name.startsWith('-') || name.startsWith('.'))
    return `${quote(name)} cannot start with "${name[0]}" (iproute2 would read it as an option or a path)`;
  if (IPROUTE2_KEYWORDS.has(name.toLowerCase())) return `${quote(name)} is an iproute2 keyword; choose another name`;
  return null;
}

const refineWith = (problem: (s: string) => string | null) => (s: string, ctx: z.RefinementCtx) => {
  const message = problem(s);
  if (message !== null) ctx.addIssue({ code: 'custom', message });
};

/** An interface name as the user typed it: used verbatim in the kernel. */
export const IfName = z.lazy(() => z.string().superRefine(refineWith(ifnameProblem)));
export const NetnsName = z.lazy(() => z.string().superRefine(refineWith(netnsNameProblem)));
