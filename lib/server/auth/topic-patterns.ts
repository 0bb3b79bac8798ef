/** Topic-name globs: `*` matches any run of characters, `?` one character. Pure, unit-tested. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function matchesAny(topic: string, globs: string[]): boolean {
  return globs.some((g) => globToRegExp(g).test(topic));
}
