import { z } from 'zod';

/**
 * Schemas (issue 16): a Confluent-compatible Schema Registry's subjects, versions and
 * compatibility, and how a message's schema travels with it.
 */

export const schemaFormat = z.enum(['AVRO', 'PROTOBUF', 'JSON']);
export type SchemaFormat = z.infer<typeof schemaFormat>;

export const compatibilityLevel = z.enum(['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE']);
export type CompatibilityLevel = z.infer<typeof compatibilityLevel>;

/** A subject name: anything printable the registry accepts, within reason (it travels in URLs). */
export const subjectName = z
  .string()
  .min(1, 'subject is empty')
  .max(255, 'subject is longer than 255 characters')
  .regex(/^[^\u0000-\u001f\u007f/\\]+$/, 'subject may not contain control characters, "/" or "\\"');

export const schemaReference = z.object({
  name: z.string().min(1).max(500),
  subject: subjectName,
  version: z.number().int().min(1),
});
export type SchemaReference = z.infer<typeof schemaReference>;

/** Version path segment: a number or "latest". */
export const versionSpec = z.union([z.literal('latest'), z.coerce.number().int().min(1).max(2_147_483_647)]);

export const subjectPath = z.object({ subject: subjectName });
export const subjectVersionPath = z.object({ subject: subjectName, version: versionSpec });

/** Register a new version (and the compatibility check before it). */
export const registerSchemaInput = z.object({
  schema: z.string().min(1, 'schema is empty').max(1_000_000, 'schema is longer than 1,000,000 characters'),
  schemaType: schemaFormat.default('AVRO'),
  references: z.array(schemaReference).max(100).default([]),
});
export type RegisterSchemaInput = z.input<typeof registerSchemaInput>;

export const compatibilityInput = z.object({ compatibility: compatibilityLevel });

export const subjectsQuery = z.object({
  search: z.string().max(255).optional(),
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  deleted: z.enum(['true', 'false']).default('false'),
});

export const deleteQuery = z.object({ permanent: z.enum(['true', 'false']).default('false') });

export const subjectSummary = z.object({
  subject: z.string(),
  format: schemaFormat.nullable(),
  latestVersion: z.number().int().nullable(),
  latestId: z.number().int().nullable(),
  versions: z.number().int(),
  /** The subject's own level, or null when it follows the global one. */
  compatibility: compatibilityLevel.nullable(),
  /** Set when this subject's details could not be read (the list still shows its name). */
  error: z.string().optional(),
});
export type SubjectSummary = z.infer<typeof subjectSummary>;

export const subjectsPage = z.object({
  subjects: z.array(subjectSummary),
  total: z.number().int(),
  nextCursor: z.number().int().nullable(),
  globalCompatibility: compatibilityLevel.nullable(),
  registryUrl: z.string(),
});
export type SubjectsPage = z.infer<typeof subjectsPage>;

export const schemaVersion = z.object({
  subject: z.string(),
  version: z.number().int(),
  id: z.number().int(),
  schemaType: schemaFormat,
  schema: z.string(),
  references: z.array(schemaReference),
});
export type SchemaVersion = z.infer<typeof schemaVersion>;

export const subjectDetail = z.object({
  subject: z.string(),
  versions: z.array(z.number().int()),
  /** Soft-deleted versions (still readable with ?deleted=true), when the registry tells. */
  deletedVersions: z.array(z.number().int()),
  latest: schemaVersion.nullable(),
  compatibility: compatibilityLevel.nullable(),
  globalCompatibility: compatibilityLevel.nullable(),
  /** Subjects whose schemas reference this subject's latest version. */
  referencedBy: z.array(z.number().int()),
});
export type SubjectDetail = z.infer<typeof subjectDetail>;

export const compatibilityVerdict = z.object({
  compatible: z.boolean(),
  /** The registry's own messages (why not), as it worded them. */
  messages: z.array(z.string()),
  level: compatibilityLevel.nullable(),
});
export type CompatibilityVerdict = z.infer<typeof compatibilityVerdict>;

export const registerResult = z.object({ id: z.number().int(), version: z.number().int().nullable(), subject: z.string() });
export type RegisterResult = z.infer<typeof registerResult>;

export const deleteResult = z.object({ subject: z.string(), deleted: z.array(z.number().int()), permanent: z.boolean() });

/** How a message's key or value was decoded (or why not): travels beside its bytes. */
export const wireSchema = z.object({
  format: schemaFormat.nullable(),
  id: z.number().int().nullable(),
  subject: z.string().nullable(),
  version: z.number().int().nullable(),
  /** Set when the bytes could not be decoded: they are shown raw with this reason. */
  error: z.string().optional(),
});
export type WireSchema = z.infer<typeof wireSchema>;

/** Produce with a schema: which subject and version frame the key or the value (JSON typed by the user). */
export const produceSchemaRef = z.object({
  subject: subjectName,
  version: versionSpec.default('latest'),
});
