import 'server-only';
import { authSettings, type MaskRule } from './auth-settings';
import type { Principal } from './principal';
import { matchesAny } from './topic-patterns';

/**
 * Data masking, applied on the server before a message leaves it (browse, tail, export,
 * download). Rules come from RIFFLE_AUTH_FILE `masking:`; a rule names topic globs and either a
 * JSON path into the value or a regular expression over key, value and header values.
 *
 *   const out = maskMessage(principal, topic, { key, value, headers });
 *   // many messages of one topic: const mask = maskerFor(principal, topic); rows.map(mask)
 */
export interface MaskableMessage {
  key: string | null;
  value: string | null;
  headers?: Record<string, string | null> | Array<{ key: string; value: string | null }>;
}

type Segment = { kind: 'name'; name: string; deep: boolean } | { kind: 'any'; deep: boolean } | { kind: 'index'; index: number };

/** `$.a.b`, `$.a[*].b`, `$.a[0]`, `$..secret`, `$.a.*` → segments. */
export function parseJsonPath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /(\.\.?)([A-Za-z0-9_*-]+)|\[(\*|\d+)\]/gy;
  re.lastIndex = 1; // after '$'
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path))) {
    if (m[3] !== undefined) out.push(m[3] === '*' ? { kind: 'any', deep: false } : { kind: 'index', index: Number(m[3]) });
    else if (m[2] === '*') out.push({ kind: 'any', deep: m[1] === '..' });
    else out.push({ kind: 'name', name: m[2]!, deep: m[1] === '..' });
  }
  if (!path.startsWith('$') || re.lastIndex !== path.length) throw new Error(`unsupported JSON path: ${path}`);
  return out;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function children(node: Json): Array<[string | number, Json]> {
  if (Array.isArray(node)) return node.map((v, i) => [i, v]);
  if (node && typeof node === 'object') return Object.entries(node);
  return [];
}

/** Replaces every node the path selects; returns how many it replaced. */
function maskAt(node: Json, segs: Segment[], replacement: string): number {
  if (segs.length === 0 || node === null || typeof node !== 'object') return 0;
  const [seg, ...rest] = segs;
  let count = 0;
  const container = node as Record<string | number, Json>;
  const hit = (k: string | number) => {
    if (rest.length === 0) {
      container[k] = replacement;
      count++;
    } else count += maskAt(container[k]!, rest, replacement);
  };
  if (seg!.kind === 'index') {
    if (Array.isArray(node) && seg!.index < node.length) hit(seg!.index);
    return count;
  }
  for (const [k] of children(node)) {
    if (seg!.kind === 'any' || (!Array.isArray(node) && k === seg!.name)) hit(k);
  }
  if (seg!.deep) {
    for (const [, child] of children(node)) count += maskAt(child, segs, replacement);
  }
  return count;
}

function compile(rule: MaskRule) {
  return {
    rule,
    path: rule.path ? parseJsonPath(rule.path) : null,
    regex: rule.regex ? new RegExp(rule.regex, 'g') : null,
  };
}

type Compiled = ReturnType<typeof compile>;

/**
 * What a value on a masked topic becomes when a JSON-path rule can't be applied to it: not
 * strict JSON (a trailing comma, NaN, a schema-registry frame in front of the JSON, text). The
 * masker can't tell whether the protected field is in there, so it fails closed: the whole
 * value is withheld and the reader is told why (an exempt role sees it as it is).
 */
export function withheldNotJson(rules: Compiled[]): string {
  const paths = rules.filter((r) => r.path).map((r) => r.rule.path);
  return `[masked: value withheld — it is not valid JSON, so the masking rule for ${paths.join(', ')} could not be applied]`;
}

/**
 * `part`: JSON-path rules apply to the value, and to a key that is JSON; a value they can't
 * parse is withheld (fail closed). A key that isn't JSON is an identifier and stays as it is.
 * Regex rules apply to every part, JSON or not.
 */
function maskText(text: string | null, rules: Compiled[], part: 'key' | 'value' | 'header'): string | null {
  if (text === null) return null;
  let out = text;
  const pathRules = part === 'header' ? [] : rules.filter((r) => r.path);
  if (pathRules.length) {
    let parsed: Json | undefined;
    try {
      parsed = JSON.parse(out) as Json;
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      if (part === 'value') return withheldNotJson(pathRules);
    } else if (typeof parsed === 'object' && parsed !== null) {
      const n = pathRules.reduce((sum, r) => sum + maskAt(parsed, r.path!, r.rule.replacement), 0);
      if (n > 0) out = JSON.stringify(parsed);
    }
  }
  for (const r of rules) if (r.regex) out = out.replace(r.regex, r.rule.replacement);
  return out;
}

/** A masking function for one principal and topic, or the identity when no rule applies. */
export function maskerFor<T extends MaskableMessage>(principal: Pick<Principal, 'role'>, topic: string, rules: MaskRule[] = authSettings().masking): (m: T) => T {
  const applicable = rules.filter((r) => matchesAny(topic, r.topics) && !r.exemptRoles.includes(principal.role)).map(compile);
  if (applicable.length === 0) return (m) => m;
  return (m) => {
    const headers = m.headers === undefined
      ? undefined
      : Array.isArray(m.headers)
        ? m.headers.map((h) => ({ ...h, value: maskText(h.value, applicable, 'header') }))
        : Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, maskText(v, applicable, 'header')]));
    return { ...m, key: maskText(m.key, applicable, 'key'), value: maskText(m.value, applicable, 'value'), ...(headers !== undefined ? { headers } : {}) };
  };
}

export function maskMessage<T extends MaskableMessage>(principal: Pick<Principal, 'role'>, topic: string, message: T, rules?: MaskRule[]): T {
  return maskerFor<T>(principal, topic, rules)(message);
}
