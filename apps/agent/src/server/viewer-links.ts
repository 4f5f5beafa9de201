import { rm } from 'node:fs/promises';

import { readKeptToken } from './agent-token';
import { generateToken, tokensEqual, writeTokenFile } from './token';

/**
 * The viewer link's token: made by the agent (256 random bits, like the control token, never
 * equal to it), handed out only over a control session, and revocable. At most one at a time.
 *
 * It is kept in a file beside the control token (mode 0600) so that, like the presenter's page,
 * the viewers' pages reconnect by themselves after the agent restarts mid-class; revoking it
 * removes the file, and `serve --rotate-token` drops it with the control token.
 */
export class ViewerLinks {
  private readonly path: string;
  private readonly controlToken: string;
  private token: string | null;

  private constructor(path: string, controlToken: string, token: string | null) {
    this.path = path;
    this.controlToken = controlToken;
    this.token = token;
  }

  /** The viewer token kept in `path` (none after `rotate`); never one equal to the control token. */
  static async load(path: string, controlToken: string, rotate: boolean): Promise<ViewerLinks> {
    if (rotate) await rm(path, { force: true });
    const kept = rotate ? undefined : await readKeptToken(path);
    const usable = kept !== undefined && !tokensEqual(kept, controlToken) ? kept : null;
    return new ViewerLinks(path, controlToken, usable);
  }

  /** The token now accepted for viewers, or null when there is no viewer link. */
  current(): string | null {
    return this.token;
  }

  /** The viewer link's token: the current one, or a new one when there is none. */
  async issue(): Promise<string> {
    if (this.token !== null) return this.token;
    let token = generateToken();
    // 2^-256, but a viewer token equal to the control token would be a control token.
    while (tokensEqual(token, this.controlToken)) token = generateToken();
    // Taken before the write, so two requests at once hand out the same link.
    this.token = token;
    await writeTokenFile(this.path, token);
    return token;
  }

  /** From now on the old token is refused; the caller disconnects the viewers it opened. */
  async revoke(): Promise<void> {
    this.token = null;
    await rm(this.path, { force: true });
  }
}
