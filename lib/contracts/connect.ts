import { z } from 'zod';

// Kafka Connect (issue 17): shapes shared by the routes, the client hooks, the forms and tests.

/** A Connect cluster's name as configured (used in URLs, like a cluster id). */
export const connectName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" and "_"');

/**
 * Connect itself accepts almost any name, but a name with "/" or control characters can't be
 * addressed in its REST paths afterwards; the console keeps to names every tool can use.
 */
export const connectorName = z
  .string()
  .min(1, 'a connector needs a name')
  .max(200, 'a connector name is at most 200 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-", starting with a letter or digit');

/** A plugin's class name (or its short alias, as Connect allows: "FileStreamSource"). */
export const pluginClass = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, 'a Java class name, e.g. org.apache.kafka.connect.file.FileStreamSourceConnector');

/** Connect configs are string maps; numbers and booleans typed into raw JSON are sent as text. */
export const connectorConfig = z.record(
  z.string().min(1, 'a config key cannot be empty').max(255),
  z.union([z.string().max(100_000), z.number(), z.boolean()]).transform(String),
);
export type ConnectorConfig = Record<string, string>;

export const CONNECTOR_CLASS = 'connector.class';

export const createConnectorInput = z
  .object({
    name: connectorName,
    config: connectorConfig.refine((c) => Boolean(c[CONNECTOR_CLASS]), { message: `${CONNECTOR_CLASS} is required`, path: [CONNECTOR_CLASS] }),
    /** KIP-980: create it paused or stopped, e.g. to set its offsets before it first runs. */
    initialState: z.enum(['RUNNING', 'PAUSED', 'STOPPED']).optional(),
  })
  .strict();
export type CreateConnectorInput = z.input<typeof createConnectorInput>;

/**
 * A new config for an existing connector. A PASSWORD-type key left out keeps its current value
 * (the browser never had it); send "" to clear one.
 */
export const updateConnectorInput = z.object({ config: connectorConfig }).strict();
export type UpdateConnectorInput = z.input<typeof updateConnectorInput>;

/** The form's check; `existing` names the connector being edited (its secrets are filled in server-side). */
export const validateConfigInput = z.object({ config: connectorConfig, existing: connectorName.optional() }).strict();

export const connectorAction = z.enum(['pause', 'resume', 'stop', 'restart']);
export type ConnectorAction = z.infer<typeof connectorAction>;

/** POST …/restart: the connector alone, with its tasks, only the failed ones (KIP-745), or one task. */
export const restartInput = z
  .object({
    includeTasks: z.boolean().default(false),
    onlyFailed: z.boolean().default(false),
    task: z.number().int().min(0).optional(),
  })
  .strict();
export type RestartInput = z.input<typeof restartInput>;

/** KIP-875: partitions and offsets are connector-defined JSON objects; null offset resets one partition. */
export const offsetEntry = z.object({
  partition: z.record(z.string(), z.unknown()),
  offset: z.record(z.string(), z.unknown()).nullable(),
});
export const alterOffsetsInput = z.object({ offsets: z.array(offsetEntry).min(1, 'give at least one partition').max(10_000) }).strict();
export type AlterOffsetsInput = z.infer<typeof alterOffsetsInput>;

// ── answers ──────────────────────────────────────────────────────────────────────────────────

export const connectClusterSummary = z.object({
  name: z.string(),
  url: z.string(),
  /** From GET / — null when the worker did not answer (error says why). */
  version: z.string().nullable(),
  commit: z.string().nullable(),
  kafkaClusterId: z.string().nullable(),
  error: z.string().nullable(),
  latencyMs: z.number().nullable(),
});
export type ConnectClusterSummary = z.infer<typeof connectClusterSummary>;
export const connectClusterList = z.object({ clusters: z.array(connectClusterSummary) });

export const connectorPlugin = z.object({ className: z.string(), type: z.string(), version: z.string().nullable() });
export type ConnectorPlugin = z.infer<typeof connectorPlugin>;
export const connectorPluginList = z.object({ plugins: z.array(connectorPlugin) });

export const connectorState = z.enum(['RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'UNASSIGNED', 'RESTARTING', 'UNKNOWN']);
export type ConnectorState = z.infer<typeof connectorState>;

export const taskStatus = z.object({
  id: z.number().int(),
  state: connectorState,
  workerId: z.string().nullable(),
  /** The Java stack trace of a FAILED task, as text (render it as text: it is untrusted). */
  trace: z.string().nullable(),
});
export type TaskStatus = z.infer<typeof taskStatus>;

export const connectorSummary = z.object({
  name: z.string(),
  type: z.string(),
  className: z.string().nullable(),
  state: connectorState,
  workerId: z.string().nullable(),
  tasks: z.array(taskStatus.omit({ trace: true })),
  failedTasks: z.number().int(),
  /** Topics the connector used (GET /connectors/{name}/topics); null when the worker didn't say. */
  topics: z.array(z.string()).nullable(),
});
export type ConnectorSummary = z.infer<typeof connectorSummary>;
export const connectorList = z.object({ connect: z.string(), connectors: z.array(connectorSummary), fetchedAt: z.string(), latencyMs: z.number() });
export type ConnectorList = z.infer<typeof connectorList>;

export const connectorOffsets = z.object({
  /** Null when the worker could not list them (error says why). */
  offsets: z.array(offsetEntry).nullable(),
  error: z.string().nullable(),
});
export type ConnectorOffsets = z.infer<typeof connectorOffsets>;

export const connectorDetail = z.object({
  name: z.string(),
  type: z.string(),
  className: z.string().nullable(),
  /** Values of PASSWORD-type keys are null here, and their keys listed in secretKeys. */
  config: z.record(z.string(), z.string().nullable()),
  secretKeys: z.array(z.string()),
  connector: z.object({ state: connectorState, workerId: z.string().nullable(), trace: z.string().nullable() }),
  tasks: z.array(taskStatus),
  topics: z.array(z.string()).nullable(),
  offsets: connectorOffsets,
});
export type ConnectorDetail = z.infer<typeof connectorDetail>;

/** One field of a plugin's config definition, as PUT /connector-plugins/{type}/config/validate answers. */
export const configField = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  defaultValue: z.string().nullable(),
  importance: z.string(),
  documentation: z.string(),
  group: z.string().nullable(),
  orderInGroup: z.number().int(),
  displayName: z.string(),
  /** The value Connect resolved; null for PASSWORD fields (never sent to the browser) and unset ones. */
  value: z.string().nullable(),
  recommendedValues: z.array(z.string()),
  errors: z.array(z.string()),
  visible: z.boolean(),
});
export type ConfigField = z.infer<typeof configField>;

export const configValidation = z.object({
  className: z.string(),
  errorCount: z.number().int(),
  groups: z.array(z.string()),
  fields: z.array(configField),
});
export type ConfigValidation = z.infer<typeof configValidation>;

/** The answer of create and update when the worker refused the config: one message per field. */
export const CONFIG_INVALID = 'CONNECTOR_CONFIG_INVALID';

/** Path parameters of the connector routes, so a bad one is a 400 naming it. */
export const connectPathParams = z.object({ connect: connectName });
export const connectorPathParams = z.object({ connect: connectName, connector: connectorName });
