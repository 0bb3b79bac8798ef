import 'server-only';

/**
 * Where to send a browser after sign-in (`?next=`): only a path of this console. The raw text
 * is refused if it holds anything browsers strip or rewrite before resolving a URL (control
 * characters, whitespace, backslashes), then it is parsed as a URL against a placeholder
 * origin and must stay on that origin; what is returned is the parser's own serialisation
 * (dot segments resolved, non-ASCII percent-encoded), checked again not to start with "//".
 * Anything else is "/". Checking the string alone is not enough: "/\t/evil.example" and
 * "/%2e%2e//evil.example" both passed a "starts with one slash" check and left the console.
 */
const PLACEHOLDER = 'http://riffle.invalid';

export function safeNext(next: string | string[] | undefined): string {
  const n = Array.isArray(next) ? next[0] : next;
  if (!n || n.length > 2_000) return '/';
  if (/[\u0000-\u0020\u007f-\u009f\\]/.test(n) || !n.startsWith('/') || n.startsWith('//')) return '/';
  let url: URL;
  try {
    url = new URL(n, PLACEHOLDER);
  } catch {
    return '/';
  }
  if (url.origin !== PLACEHOLDER) return '/';
  const out = `${url.pathname}${url.search}${url.hash}`;
  return out.startsWith('/') && !out.startsWith('//') && !out.includes('\\') ? out : '/';
}
