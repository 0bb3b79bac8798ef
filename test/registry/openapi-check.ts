import { Ajv, type ValidateFunction } from 'ajv';
import { confluentOpenApi } from '../helpers/schema-oracle';
import type { Answer } from './registry-process';

/**
 * Holds the registry's answers against Apicurio's Confluent-compatible OpenAPI description
 * (ccompat v7, from its app jar on Maven Central): the status must be one the operation
 * documents, the content type one it lists, and the body must match that response's schema.
 */

type Json = Record<string, unknown>;

export class OpenApiCheck {
  readonly spec = confluentOpenApi();
  readonly #ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.#ajv.addSchema(this.spec, 'ccompat');
  }

  #resolve(node: Json): Json {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    const parts = ref.replace(/^#\//, '').split('/');
    let at: unknown = this.spec;
    for (const p of parts) at = (at as Json)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
    return this.#resolve(at as Json);
  }

  /** Problems with one answer; empty when it matches the description. */
  problems(method: string, template: string, answer: Answer): string[] {
    const pathItem = (this.spec.paths as Record<string, Json>)[template];
    const op = pathItem?.[method.toLowerCase()] as Json | undefined;
    if (!op) return [`${method} ${template} is not in the OpenAPI description`];
    const responses = op.responses as Record<string, Json>;
    const declared = responses[String(answer.status)] ?? responses.default;
    if (!declared) return [`${method} ${template}: status ${answer.status} is not one the description documents (${Object.keys(responses).join(', ')})`];
    const response = this.#resolve(declared);
    const content = response.content as Record<string, Json> | undefined;
    if (!content) return [];
    const type = answer.contentType.split(';')[0]!.trim();
    const media = content[type];
    if (!media) return [`${method} ${template} ${answer.status}: content type ${type} is not one of ${Object.keys(content).join(', ')}`];
    if (!media.schema) return [];
    const status = responses[String(answer.status)] ? String(answer.status) : 'default';
    const pointer = ['paths', template, method.toLowerCase(), 'responses', status]
      .map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1')))
      .join('/');
    // A response given by $ref lives under components; point at the schema where it is.
    const base = typeof declared.$ref === 'string' ? declared.$ref.slice(2).split('/').map(encodeURIComponent).join('/') : pointer;
    const ref = `ccompat#/${base}/content/${encodeURIComponent(type.replace(/~/g, '~0').replace(/\//g, '~1'))}/schema`;
    let validate = this.#compiled.get(ref);
    if (!validate) {
      validate = this.#ajv.compile({ $ref: ref });
      this.#compiled.set(ref, validate);
    }
    const body = type === 'text/plain' ? answer.text : answer.body;
    if (validate(body)) return [];
    return [`${method} ${template} ${answer.status}: ${this.#ajv.errorsText(validate.errors)} in ${answer.text.slice(0, 300)}`];
  }
}
