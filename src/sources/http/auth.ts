import { createHash, timingSafeEqual } from 'node:crypto';

export interface AuthSettings {
  token?: string;
  user?: string;
  password?: string;
}

/** Config wins; the environment lets a Secret supply credentials without a config file. */
export function authFromConfig(config: AuthSettings, env: NodeJS.ProcessEnv): AuthSettings {
  const user = config.user ?? nonEmpty(env.LOGSIFT_HTTP_USER);
  return {
    token: config.token ?? nonEmpty(env.LOGSIFT_HTTP_TOKEN),
    user,
    password: user === undefined ? undefined : (config.password ?? env.LOGSIFT_HTTP_PASSWORD ?? ''),
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * Checks an `Authorization` header against the configured bearer token and Basic credentials
 * (Fluent Bit `http_User`/`http_Passwd`). Both sides are hashed first so the comparison is
 * constant-time and equal-length whatever was sent; the scheme name is case-insensitive.
 */
export class Authenticator {
  private readonly accepted: Buffer[] = [];

  constructor(settings: AuthSettings) {
    if (settings.token !== undefined) this.accepted.push(digest('bearer ' + settings.token));
    if (settings.user !== undefined) {
      const basic = Buffer.from(`${settings.user}:${settings.password ?? ''}`, 'utf8').toString('base64');
      this.accepted.push(digest('basic ' + basic));
    }
  }

  check(header: string | undefined): boolean {
    if (this.accepted.length === 0) return true;
    if (header === undefined) return false;
    const trimmed = header.trim();
    const space = trimmed.indexOf(' ');
    if (space < 0) return false;
    const presented = digest(trimmed.slice(0, space).toLowerCase() + ' ' + trimmed.slice(space + 1).trim());
    let ok = false;
    for (const a of this.accepted) ok = timingSafeEqual(a, presented) || ok;
    return ok;
  }
}
