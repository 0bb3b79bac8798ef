import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps paths of the console, with their query and fragment', () => {
    expect(safeNext('/clusters/local/topics?search=a%20b#x')).toBe('/clusters/local/topics?search=a%20b#x');
    expect(safeNext(['/clusters/local', '/other'])).toBe('/clusters/local');
    expect(safeNext('/topics/café')).toBe('/topics/caf%C3%A9');
  });

  it('turns everything that could leave the origin into "/"', () => {
    const base = 'http://console.example';
    for (const n of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', ' //evil.example', '/%2e%2e//evil.example', '/.//evil.example', 'https://evil.example', 'javascript:alert(1)', '\\\\evil.example', '/\u0000/evil.example', '', undefined]) {
      const out = safeNext(n);
      expect(new URL(out, base).origin, JSON.stringify(n)).toBe(base);
      expect(out.startsWith('//'), JSON.stringify(n)).toBe(false);
    }
    expect(safeNext('/%2e%2e//evil.example')).toBe('/');
    expect(safeNext('/\t/evil.example')).toBe('/');
  });
});
