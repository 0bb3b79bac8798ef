import type { Generated } from 'kysely';

/**
 * Tables of Riffle's own database (SQLite by default, PostgreSQL with DATABASE_URL).
 * Each feature adds its tables here and a migration under ./migrations.
 */
export interface MetaTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database extends WeatherDatabase {
  riffle_meta: MetaTable;
  riffle_revoked_sessions: RevokedSessionTable;
  riffle_api_tokens: ApiTokenTable;
  riffle_audit: AuditTable;
  lag_cycles: LagCyclesTable;
  lag_samples: LagSamplesTable;
  alert_rules: AlertRulesTable;
  alert_states: AlertStatesTable;
  alert_events: AlertEventsTable;
  alert_deliveries: AlertDeliveriesTable;
  alert_attempts: AlertAttemptsTable;
  broker_metric_samples: BrokerMetricSamplesTable;
}

// Broker and topic metrics from the JMX exporters (issue 20)
export interface BrokerMetricSamplesTable {
  cluster: string;
  broker: number;
  metric: string;
  topic: string;
  ts: number | string;
  value: number;
}

export type Id = Generated<number>;

// Access control (issue 7)
export interface RevokedSessionTable {
  id: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: Id;
  name: string;
  role: string;
  sha256: string;
  prefix: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditTable {
  id: Id;
  at: string;
  actor: string;
  via: string;
  role: string | null;
  action: string;
  method: string;
  path: string;
  cluster: string | null;
  target: string | null;
  status: number;
  outcome: string;
  detail: string | null;
  ip: string | null;
}

// Consumer lag history (issue #5). bigint columns come back as strings from PostgreSQL: read
// them through Number().
export interface LagCyclesTable {
  cluster: string;
  ts: number | string;
  instance: string;
  duration_ms: number;
  groups: number;
  partitions: number;
  requests: number;
}

export interface LagSamplesTable {
  cluster: string;
  group_id: string;
  topic: string;
  partition: number;
  ts: number | string;
  committed: number | string | null;
  log_end: number | string;
}

// Weather pipeline (issue 6): readings and window aggregates written by the weather-db-writer.
export interface WeatherReadingsTable {
  station: string;
  kind: string;
  observed_at: string;
  day: string;
  month: string;
  source: string;
  temp_max_c: number | null;
  temp_min_c: number | null;
  temp_max_f: number | null;
  temp_min_f: number | null;
  temp_range_c: number | null;
  precipitation_mm: number | null;
  wind_ms: number;
  condition: string | null;
  pressure_hpa: number | null;
  temperature_c: number | null;
  /** where the processed record came from: topic/partition/offset of weather.processed */
  kafka_ref: string;
  /** when the writer stored it (ISO), for produce-to-row latency */
  written_at: string;
}

export interface WeatherWindowsTable {
  station: string;
  window_start: string;
  window_end: string;
  count: number;
  temp_min_c: number;
  temp_max_c: number;
  temp_mean_c: number;
  precipitation_mm: number;
  wind_mean_ms: number;
  written_at: string;
}

export interface WeatherDatabase {
  weather_readings: WeatherReadingsTable;
  weather_windows: WeatherWindowsTable;
}

// Lag alerts (issue 21). bigint columns come back as strings from PostgreSQL: read them through Number().
export interface AlertRulesTable {
  id: Id;
  cluster: string;
  name: string;
  groups: string;
  /** JSON array of topic globs */
  topics: string;
  /** JSON AlertCondition */
  condition: string;
  for_seconds: number;
  repeat_seconds: number;
  enabled: number;
  source: string;
  channel_type: string;
  /** JSON: {url} or {to}; a secret, never answered */
  channel_secret: string;
  updated_by: string;
  updated_at: string;
}

export interface AlertStatesTable {
  rule_id: number;
  group_id: string;
  pending_since: number | string | null;
  firing_event_id: number | string | null;
  last_fired_at: number | string | null;
}

export interface AlertEventsTable {
  id: Generated<number | string>;
  cluster: string;
  rule_id: number;
  rule_name: string;
  group_id: string;
  state: string;
  since: number | string;
  fired_at: number | string;
  resolved_at: number | string | null;
  status: string;
  lag: number | string | null;
  catch_up_seconds: number | null;
  reason: string;
  resolved_reason: string | null;
}

export interface AlertDeliveriesTable {
  id: Generated<number | string>;
  cluster: string;
  rule_id: number;
  event_id: number | string | null;
  kind: string;
  channel_type: string;
  state: string;
  attempts: number;
  next_attempt_at: number | string | null;
  /** JSON of the notification (no secret in it) */
  payload: string;
  created_at: number | string;
}

export interface AlertAttemptsTable {
  id: Generated<number | string>;
  delivery_id: number | string;
  at: number | string;
  ok: number;
  http_status: number | null;
  error: string | null;
  duration_ms: number;
}
