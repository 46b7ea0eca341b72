import type { RateLimitOverride } from './types';

/**
 * GitHub's primary rate limit: a window per token, reset an hour after it starts. Every counted
 * request uses one; at zero, requests get 403 until the reset.
 */

export interface RateWindow {
  limit: number;
  used: number;
  /** epoch seconds */
  reset: number;
}

const WINDOW_SECONDS = 3600;

export class RateLimits {
  private readonly windows = new Map<string, RateWindow>();

  /** The current window for `key`, started (or restarted after its reset) with `limit`. */
  window(key: string, limit: number): RateWindow {
    const now = Math.floor(Date.now() / 1000);
    let window = this.windows.get(key);
    if (!window || window.reset <= now) {
      window = { limit, used: 0, reset: now + WINDOW_SECONDS };
      this.windows.set(key, window);
    }
    return window;
  }

  /** Uses one request; false when the window was already exhausted. */
  consume(key: string, limit: number): boolean {
    const window = this.window(key, limit);
    if (window.used >= window.limit) return false;
    window.used++;
    return true;
  }

  override(key: string, limit: number, override: RateLimitOverride): void {
    const window = this.window(key, limit);
    if (override.limit !== undefined) window.limit = override.limit;
    if (override.remaining !== undefined) window.used = Math.max(0, window.limit - override.remaining);
    if (override.resetInSeconds !== undefined) {
      window.reset = Math.floor(Date.now() / 1000) + override.resetInSeconds;
    }
  }
}

export function rateLimitHeaders(window: RateWindow, resource = 'core'): Record<string, string> {
  return {
    'x-ratelimit-limit': String(window.limit),
    'x-ratelimit-remaining': String(Math.max(0, window.limit - window.used)),
    'x-ratelimit-reset': String(window.reset),
    'x-ratelimit-used': String(window.used),
    'x-ratelimit-resource': resource,
  };
}
