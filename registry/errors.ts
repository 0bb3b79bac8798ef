/**
 * Confluent Schema Registry's error answers: HTTP status plus {"error_code", "message"}, with
 * the codes its clients and serializers branch on (io.confluent.kafka.schemaregistry.rest
 * .exceptions.Errors). Every failure the registry answers is one of these; nothing else reaches
 * a client, so bad input never becomes a 500 with a stack.
 */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  toJSON() {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const errors = {
  subjectNotFound: (subject: string) => new RegistryError(404, 40401, `Subject '${subject}' not found.`),
  versionNotFound: (subject: string, version: number | string) => new RegistryError(404, 40402, `Version ${version} not found.`),
  schemaNotFound: (detail = 'Schema not found') => new RegistryError(404, 40403, detail),
  subjectSoftDeleted: (subject: string) =>
    new RegistryError(404, 40404, `Subject '${subject}' was soft deleted.Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (subject: string) =>
    new RegistryError(404, 40405, `Subject '${subject}' was not deleted first before being permanently deleted`),
  versionSoftDeleted: (subject: string, version: number) =>
    new RegistryError(404, 40406, `Subject '${subject}' Version ${version} was soft deleted.Set permanent=true to delete permanently`),
  versionNotSoftDeleted: (subject: string, version: number) =>
    new RegistryError(404, 40407, `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`),
  subjectLevelCompatibilityNotConfigured: (subject: string) =>
    new RegistryError(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`),
  referenceExists: (detail: string) => new RegistryError(422, 42206, detail),
  incompatible: (detail: string) => new RegistryError(409, 409, detail),
  invalidSchema: (detail: string) => new RegistryError(422, 42201, detail),
  invalidVersion: (version: string) =>
    new RegistryError(422, 42202, `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`),
  invalidCompatibilityLevel: (detail: string) => new RegistryError(422, 42203, detail),
  invalidMode: (detail: string) => new RegistryError(422, 42204, detail),
  unprocessable: (detail: string) => new RegistryError(422, 422, detail),
  badRequest: (detail: string) => new RegistryError(400, 400, detail),
  notFound: () => new RegistryError(404, 404, 'HTTP 404 Not Found'),
  methodNotAllowed: () => new RegistryError(405, 405, 'HTTP 405 Method Not Allowed'),
  unsupportedMediaType: () => new RegistryError(415, 415, 'HTTP 415 Unsupported Media Type'),
  payloadTooLarge: () => new RegistryError(413, 413, 'Request body too large'),
  storeError: (detail: string) => new RegistryError(500, 50001, `Error in the backend data store - ${detail}`),
  timeout: (detail: string) => new RegistryError(500, 50002, `Operation timed out - ${detail}`),
  forwardingError: (detail: string) => new RegistryError(500, 50003, `Error while forwarding the request to the leader - ${detail}`),
  unknownLeader: () => new RegistryError(500, 50004, 'Unknown leader: no instance is elected to write yet; retry'),
};
