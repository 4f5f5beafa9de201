import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Shown until the web app is built (`pnpm build`). */
const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>netloom</title></head>
<body><h1>netloom agent</h1>
<p>The agent is running. The web app is not built yet: run <code>pnpm build</code> and reload.</p>
<p>The WebSocket is at <code>/ws</code>.</p></body></html>
`;

/**
 * The same headers on every answer: the page may not be framed (clickjacking of the Apply button),
 * and nothing is cached, so a rebuilt app shows up on reload.
 */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

/** Resolves a URL path inside `root`, or null when it would leave it (`..`, encoded or not). */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return null; // malformed percent-encoding: not a file we serve
  }
  if (decoded.includes('\0')) return null;
  const path = normalize(join(root, decoded));
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null;
}

/** GET/HEAD of the built web app; `/` and unknown paths without an extension get index.html (SPA). */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...SECURITY_HEADERS, allow: 'GET, HEAD' }).end();
    return;
  }
  const path = resolveInside(root, req.url ?? '/');
  if (path === null) {
    res.writeHead(404, SECURITY_HEADERS).end();
    return;
  }
  const file = (await isFile(path)) ? path : extname(path) === '' ? join(root, 'index.html') : null;
  if (file === null || !(await isFile(file))) {
    if (file !== null && file.endsWith('index.html')) {
      res
        .writeHead(200, { ...SECURITY_HEADERS, 'content-type': TYPES['.html'] })
        .end(req.method === 'HEAD' ? undefined : PLACEHOLDER);
    } else res.writeHead(404, SECURITY_HEADERS).end();
    return;
  }
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  if (req.method === 'HEAD') res.end();
  else
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false; // ENOENT, ENOTDIR...: simply not there
  }
}
