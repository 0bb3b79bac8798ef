/**
 * Message filters are DATA: a parsed structure walked by plain code. Nothing the user types is
 * ever evaluated (a Kafka console's JavaScript filter once became remote code execution).
 */
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'contains';

export interface PathCondition {
  path: (string | number)[];
  op: CompareOp;
  literal: string | number | boolean | null;
}

export interface MessageFilter {
  keyContains?: string;
  valueContains?: string;
  headerContains?: string;
  where?: PathCondition;
}

export class FilterError extends Error {}

/**
 * Parses `$.a.b[0].c > 30`, `$.status == "ok"`, `$["odd key"] != null`, `$.name contains "x"`.
 */
export function parseWhere(src: string): PathCondition {
  const s = src.trim();
  if (s.length > 500) throw new FilterError('the expression is longer than 500 characters');
  if (!s.startsWith('$')) throw new FilterError('a JSON path starts with $, e.g. $.temperature > 30');
  let i = 1;
  const path: (string | number)[] = [];
  while (i < s.length) {
    const c = s[i];
    if (c === '.') {
      const m = /^[A-Za-z_$][\w$-]*/.exec(s.slice(i + 1));
      if (!m) throw new FilterError(`expected a field name after "." at position ${i + 1}`);
      path.push(m[0]);
      i += 1 + m[0].length;
    } else if (c === '[') {
      const rest = s.slice(i);
      const num = /^\[(\d{1,9})\]/.exec(rest);
      const str = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest) ?? /^\['((?:[^'\\]|\\.)*)'\]/.exec(rest);
      if (num) {
        path.push(Number(num[1]));
        i += num[0].length;
      } else if (str) {
        path.push(str[1]!.replace(/\\(.)/g, '$1'));
        i += str[0].length;
      } else throw new FilterError(`expected [index] or ["name"] at position ${i}`);
    } else break;
  }
  const rest = s.slice(i).trim();
  const m = /^(==|!=|>=|<=|>|<|=|contains)\s*([\s\S]+)$/.exec(rest);
  if (!m) throw new FilterError('expected a comparison: ==, !=, >, >=, <, <= or contains, then a value');
  const op = (m[1] === '=' ? '==' : m[1]) as CompareOp;
  return { path, op, literal: parseLiteral(m[2]!.trim()) };
}

function parseLiteral(raw: string): PathCondition['literal'] {
  if (raw === 'null') return null;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  const q = /^"((?:[^"\\]|\\.)*)"$/.exec(raw) ?? /^'((?:[^'\\]|\\.)*)'$/.exec(raw);
  if (q) return q[1]!.replace(/\\(.)/g, '$1');
  throw new FilterError(`"${raw.slice(0, 40)}" is not a value: use a number, "text", true, false or null`);
}

function lookup(root: unknown, path: PathCondition['path']): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
      cur = (cur as Record<string, unknown>)[seg];
    }
  }
  return cur;
}

export function matchesCondition(json: unknown, cond: PathCondition): boolean {
  const v = lookup(json, cond.path);
  if (v === undefined) return false;
  const lit = cond.literal;
  switch (cond.op) {
    case '==':
      return v === lit || (typeof v === 'number' && typeof lit === 'string' && String(v) === lit);
    case '!=':
      return v !== lit;
    case 'contains':
      if (typeof v === 'string') return lit !== null && v.includes(String(lit));
      if (Array.isArray(v)) return v.some((x) => x === lit);
      return false;
    default: {
      if (typeof v === 'number' && typeof lit === 'number') return compare(v, lit, cond.op);
      if (typeof v === 'string' && typeof lit === 'string') return compare(v.localeCompare(lit), 0, cond.op);
      return false;
    }
  }
}

function compare(a: number, b: number, op: CompareOp): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    default:
      return false;
  }
}

export interface FilterableMessage {
  keyText: string | null;
  valueText: string | null;
  headers: { key: string; valueText: string | null }[];
}

/** Builds the filter from query parameters; throws FilterError on a bad expression. */
export function buildFilter(q: { keyContains?: string; valueContains?: string; headerContains?: string; where?: string }): MessageFilter | null {
  const f: MessageFilter = {};
  if (q.keyContains) f.keyContains = q.keyContains;
  if (q.valueContains) f.valueContains = q.valueContains;
  if (q.headerContains) f.headerContains = q.headerContains;
  if (q.where) f.where = parseWhere(q.where);
  return Object.keys(f).length ? f : null;
}

export function matches(m: FilterableMessage, f: MessageFilter): boolean {
  if (f.keyContains !== undefined && !(m.keyText ?? '').includes(f.keyContains)) return false;
  if (f.valueContains !== undefined && !(m.valueText ?? '').includes(f.valueContains)) return false;
  if (f.headerContains !== undefined) {
    const needle = f.headerContains;
    if (!m.headers.some((h) => h.key.includes(needle) || (h.valueText ?? '').includes(needle))) return false;
  }
  if (f.where) {
    if (m.valueText === null) return false;
    let json: unknown;
    try {
      json = JSON.parse(m.valueText);
    } catch {
      return false;
    }
    if (!matchesCondition(json, f.where)) return false;
  }
  return true;
}
