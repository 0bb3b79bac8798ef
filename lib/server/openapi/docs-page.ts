import 'server-only';
import { createHash } from 'node:crypto';

/**
 * Renders an OpenAPI 3.1 document as one readable HTML page (GET /api/docs): operations grouped
 * by tag, each with its role, parameters, body and answers, schemas folded in <details>. Plain
 * server-side HTML: no renderer bundle, no script, nothing fetched from elsewhere.
 */
type Schema = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

/** The page's one style sheet, inline (nothing is fetched from elsewhere). */
const DOCS_STYLE = `
:root{color-scheme:light dark;--fg:#1c1f24;--muted:#5b6470;--bg:#fff;--line:#d8dde3;--code:#f3f5f7}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#9aa3ad;--bg:#111418;--line:#2c333b;--code:#1b2026}}
body{font:14px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:1100px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}h2{margin-top:32px;border-bottom:1px solid var(--line);padding-bottom:4px;text-transform:capitalize}
h3{font-size:15px;margin:0 0 4px}h3 a{color:var(--muted);text-decoration:none}
.op{border:1px solid var(--line);border-radius:6px;padding:12px 14px;margin:12px 0}
.m{display:inline-block;min-width:56px;text-align:center;border-radius:4px;padding:0 6px;font-size:12px;color:#fff;background:#4b5563}
.m-get{background:#2563eb}.m-post{background:#15803d}.m-patch{background:#b45309}.m-put{background:#7c3aed}.m-delete{background:#b91c1c}
code,pre{font-family:ui-monospace,monospace;background:var(--code);border-radius:4px}code{padding:0 4px}pre{padding:8px;overflow:auto;max-height:360px;font-size:12px}
table{border-collapse:collapse;margin:6px 0;font-size:13px}td,th{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
.responses{margin:6px 0;padding-left:18px}.muted,i{color:var(--muted)}nav{margin:8px 0 0}
`;

/**
 * The page's Content-Security-Policy: its style sheet by hash, nothing else at all (no script,
 * no 'unsafe-inline'). Every other /api answer keeps default-src 'none' (next.config.js).
 */
export const DOCS_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(DOCS_STYLE).digest('base64')}'`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const esc = (s: unknown) =>
  String(s ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** A one-line type for a parameter's schema: "string", "15m | 1h | 6h | 24h", "integer ≥ 1". */
function typeOf(s: Schema | undefined): string {
  if (!s) return '';
  if (Array.isArray(s.enum)) return s.enum.map(String).join(' | ');
  if (Array.isArray(s.anyOf)) return (s.anyOf as Schema[]).map(typeOf).join(' or ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? 'any');
  const bits = [t === 'array' ? `array of ${typeOf(s.items as Schema)}` : t];
  if (s.minimum !== undefined) bits.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) bits.push(`≤ ${s.maximum}`);
  if (s.pattern) bits.push(`matching ${s.pattern}`);
  if (s.default !== undefined) bits.push(`default ${JSON.stringify(s.default)}`);
  return bits.join(', ');
}

function schemaBlock(label: string, content: Record<string, { schema?: Schema }> | undefined): string {
  if (!content) return '';
  return Object.entries(content)
    .map(([type, { schema }]) => `<details><summary>${esc(label)} <code>${esc(type)}</code></summary><pre>${esc(JSON.stringify(schema ?? {}, null, 2))}</pre></details>`)
    .join('');
}

function operationHtml(method: string, path: string, op: Operation): string {
  const params = op.parameters ?? [];
  const rows = params
    .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${esc(typeOf(p.schema))}</td><td>${esc(p.description ?? '')}</td></tr>`)
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<li><b>${esc(status)}</b> ${esc(r.description ?? '')}${status.startsWith('2') ? schemaBlock('schema', r.content) : ''}</li>`)
    .join('');
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  return `<section class="op" id="${esc(id)}">
<h3><span class="m m-${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code> <a href="#${esc(id)}" aria-label="link to this operation">#</a></h3>
<p>${esc(op.summary ?? '')}. <i>${esc(op.description ?? '')}</i></p>
${rows ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>notes</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${schemaBlock('request body', op.requestBody?.content)}
<ul class="responses">${responses}</ul>
</section>`;
}

export function renderApiDocs(doc: Record<string, unknown>): string {
  const info = (doc.info ?? {}) as { title?: string; version?: string; description?: string };
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Operation>>;
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(method, path, op)]);
    }
  }
  const errorSchema = ((doc.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {}).ApiError;
  const toc = [...byTag.keys()].map((t) => `<a href="#tag-${esc(t.replace(/\W+/g, '-'))}">${esc(t)}</a>`).join(' · ');
  const sections = [...byTag.entries()].map(([t, ops]) => `<h2 id="tag-${esc(t.replace(/\W+/g, '-'))}">${esc(t)}</h2>${ops.join('')}`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} ${esc(info.version)}</title>
<style>${DOCS_STYLE}</style></head><body>
<h1>${esc(info.title)}</h1>
<p class="muted">version ${esc(info.version)} · OpenAPI ${esc(doc.openapi)} · the machine-readable document: <a href="/api/openapi.json">/api/openapi.json</a></p>
<p>${esc(info.description)}</p>
<details><summary>The error shape (every 4xx and 5xx)</summary><pre>${esc(JSON.stringify(errorSchema, null, 2))}</pre></details>
<nav>${toc}</nav>
${sections}
</body></html>`;
}
