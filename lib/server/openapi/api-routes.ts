import 'server-only';
import { z } from 'zod';
import { auditPage, auditQuery } from '@/lib/contracts/audit';
import { alterOffsetsInput, configValidation, connectClusterList, connectName, connectorDetail, connectorList, connectorName, connectorOffsets, connectorPluginList, createConnectorInput, restartInput, updateConnectorInput, validateConfigInput } from '@/lib/contracts/connect';
import { aclBinding, aclFilter, aclList, createAclInput, deleteAclsInput, deleteAclsResult, effectiveAccess, effectiveAccessQuery } from '@/lib/contracts/acls';
import { alertHistory, alertHistoryQuery, alertRule, alertRuleInput, alertRuleList, testSendResult } from '@/lib/contracts/alerts';
import { brokerConfigs, cancelReassignmentInput, electionInput, electionResult, planInput, reassignmentInput, reassignmentList, reassignmentPlan, reassignmentResult, throttleRemoval } from '@/lib/contracts/partitions';
import { alterQuotaInput, quotaListResult, quotaQuery } from '@/lib/contracts/quotas';
import { replayId, replayInput, replayRun, replayRunList } from '@/lib/contracts/replays';
import { createScramUserInput, rotateScramPasswordInput, scramUserList, scramUserResult } from '@/lib/contracts/scram-users';
import { apiTokenList, createdToken, createTokenInput, meResponse, revokedToken, signInInput, streamSlotsResponse } from '@/lib/contracts/auth';
import { brokerDetail, brokerList } from '@/lib/contracts/brokers';
import { brokerMetricsQuery, brokerMetricsResponse } from '@/lib/contracts/broker-metrics';
import { clusterId, clusterOverview, clusterSummary, healthReport } from '@/lib/contracts/cluster';
import { deleteGroupOffsetsQuery, groupDetail, groupId, groupList, groupListQuery, lagHistory, lagHistoryQuery, resetOffsetsInput, resetOffsetsResult, topicConsumers } from '@/lib/contracts/groups';
import { compatibilityInput, compatibilityVerdict, deleteQuery, deleteResult, registerResult, registerSchemaInput, schemaVersion, subjectDetail, subjectName, subjectsPage, subjectsQuery, compatibilityLevel, versionSpec } from '@/lib/contracts/schemas';
import { browseQuery, browseResult, liveQuery, produceInput, produceResult, searchQueryShape } from '@/lib/contracts/messages';
import { pipelinePrefix, pipelineReport, producerCommandOut, producerControlInput } from '@/lib/contracts/pipeline';
import {
  addPartitionsInput,
  alterConfigsInput,
  configEntry,
  createTopicInput,
  createTopicResult,
  deleteTopicResult,
  purgeInput,
  purgeResult,
  topicDetail,
  topicList,
  topicListQuery,
  topicName,
} from '@/lib/contracts/topics';
import { liveQuery as weatherLiveQuery, readingList, readingsQuery, stationList, summaryQuery, summaryResponse, windowList, windowsQuery } from '@/lib/contracts/weather';

/**
 * Every route under app/api, described with the zod schemas the routes themselves parse with
 * (lib/contracts), for GET /api/openapi.json. test/openapi.test.ts enumerates the route files
 * and fails when one is missing here, so a new route can't go undocumented.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiRoute {
  method: HttpMethod;
  /** OpenAPI path, {param} for each [param] folder of the route file. */
  path: string;
  summary: string;
  tag: string;
  /** Least role (or 'public'); 'token-or-loopback' for /api/metrics. */
  role: 'public' | 'viewer' | 'operator' | 'admin' | 'token-or-loopback';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success answer: a JSON schema, or a stream / text / HTML / redirect. */
  ok: { status: number; json: z.ZodType } | { status: number; contentType: 'text/event-stream' | 'application/x-ndjson' | 'text/plain' | 'text/html'; description: string } | { status: 302; description: string };
}

const cluster = z.object({ cluster: clusterId });
const clusterTopic = z.object({ cluster: clusterId, topic: topicName });
const clusterGroup = z.object({ cluster: clusterId, group: groupId });
const brokerParam = z.object({ cluster: clusterId, id: z.union([z.literal('default'), z.string().regex(/^\d+$/)]) });
const alertParam = z.object({ cluster: clusterId, id: z.string().regex(/^\d+$/) });
const replayParam = z.object({ cluster: clusterId }).extend(replayId.shape);
const scramParam = z.object({ cluster: clusterId, name: z.string().min(1) });
const subjectParam = z.object({ cluster: clusterId, subject: subjectName });
const subjectVersionParam = subjectParam.extend({ version: versionSpec });
const connectParam = z.object({ cluster: clusterId, connect: connectName });
const connectorParam = connectParam.extend({ connector: connectorName });
const pipelineQueryDoc = z.object({ cluster: clusterId.optional(), prefix: pipelinePrefix.optional() });

const routes: ApiRoute[] = [
  { method: 'get', path: '/api/health', tag: 'console', role: 'public', summary: 'Kafka reachability and latency per cluster (200 even when degraded)', ok: { status: 200, json: healthReport } },
  { method: 'get', path: '/api/metrics', tag: 'console', role: 'token-or-loopback', summary: "Riffle's own metrics in Prometheus text format (RIFFLE_METRICS_TOKEN as a bearer token, or a loopback client)", ok: { status: 200, contentType: 'text/plain', description: 'Prometheus text exposition format 0.0.4' } },
  { method: 'get', path: '/api/openapi.json', tag: 'console', role: 'public', summary: 'This document (OpenAPI 3.1)', ok: { status: 200, json: z.record(z.string(), z.unknown()) } },
  { method: 'get', path: '/api/docs', tag: 'console', role: 'public', summary: 'This document as a page for people', ok: { status: 200, contentType: 'text/html', description: 'every operation with its parameters, body and answers' } },

  { method: 'post', path: '/api/auth/login', tag: 'auth', role: 'public', summary: 'Sign in with a user name and password, or a token; sets the session cookie', body: signInInput, ok: { status: 200, json: meResponse } },
  { method: 'post', path: '/api/auth/logout', tag: 'auth', role: 'public', summary: 'Sign out: revokes the session and clears the cookie', ok: { status: 200, json: meResponse } },
  { method: 'get', path: '/api/auth/me', tag: 'auth', role: 'public', summary: 'Who is calling, whether authentication is on, whether single sign-on is offered', ok: { status: 200, json: meResponse } },
  { method: 'get', path: '/api/auth/oidc/login', tag: 'auth', role: 'public', summary: 'Starts single sign-on: redirects to the OpenID Provider', query: z.object({ next: z.string().optional() }), ok: { status: 302, description: 'to the OpenID Provider' } },
  { method: 'get', path: '/api/auth/oidc/callback', tag: 'auth', role: 'public', summary: "The OpenID Provider's redirect back: signs in and redirects into the console", query: z.object({ code: z.string().optional(), state: z.string().optional() }), ok: { status: 302, description: 'into the console, or to /login?sso_error=CODE' } },
  { method: 'get', path: '/api/auth/streams', tag: 'auth', role: 'viewer', summary: "The caller's open live streams and their limit", ok: { status: 200, json: streamSlotsResponse } },
  { method: 'get', path: '/api/auth/tokens', tag: 'auth', role: 'admin', summary: 'API tokens made in the console', ok: { status: 200, json: apiTokenList } },
  { method: 'post', path: '/api/auth/tokens', tag: 'auth', role: 'admin', summary: 'Makes an API token; the token is in this answer only', body: createTokenInput, ok: { status: 201, json: createdToken } },
  { method: 'delete', path: '/api/auth/tokens/{id}', tag: 'auth', role: 'admin', summary: 'Revokes an API token', params: z.object({ id: z.string().regex(/^\d+$/) }), ok: { status: 200, json: revokedToken } },

  { method: 'get', path: '/api/clusters', tag: 'clusters', role: 'viewer', summary: 'The configured clusters', ok: { status: 200, json: z.object({ clusters: z.array(clusterSummary) }) } },
  { method: 'get', path: '/api/clusters/{cluster}', tag: 'clusters', role: 'viewer', summary: 'Overview: id, controller quorum, brokers, counts, under-replicated and offline partitions', params: cluster, ok: { status: 200, json: clusterOverview } },
  { method: 'get', path: '/api/clusters/{cluster}/audit', tag: 'clusters', role: 'admin', summary: 'The audit log, newest first', params: cluster, query: auditQuery, ok: { status: 200, json: auditPage } },
  { method: 'get', path: '/api/clusters/{cluster}/brokers', tag: 'brokers', role: 'viewer', summary: 'Brokers with their log directories', params: cluster, ok: { status: 200, json: brokerList } },
  { method: 'get', path: '/api/clusters/{cluster}/brokers/{id}', tag: 'brokers', role: 'viewer', summary: 'One broker with its configs', params: z.object({ cluster: clusterId, id: z.string().regex(/^\d+$/) }), ok: { status: 200, json: brokerDetail } },
  { method: 'get', path: '/api/clusters/{cluster}/metrics', tag: 'brokers', role: 'viewer', summary: 'Broker and topic metrics over a time range (bytes in/out, messages in, requests, partitions, ISR, controller), from the brokers’ JMX exporters or Prometheus', params: cluster, query: brokerMetricsQuery, ok: { status: 200, json: brokerMetricsResponse } },

  { method: 'get', path: '/api/clusters/{cluster}/topics', tag: 'topics', role: 'viewer', summary: 'Topics, filtered and paged', params: cluster, query: topicListQuery, ok: { status: 200, json: topicList } },
  { method: 'post', path: '/api/clusters/{cluster}/topics', tag: 'topics', role: 'admin', summary: 'Creates a topic', params: cluster, body: createTopicInput, ok: { status: 201, json: createTopicResult } },
  { method: 'get', path: '/api/clusters/{cluster}/topics/{topic}', tag: 'topics', role: 'viewer', summary: 'Partitions (leader, replicas, ISR, offsets), sizes and configs', params: clusterTopic, ok: { status: 200, json: topicDetail } },
  { method: 'delete', path: '/api/clusters/{cluster}/topics/{topic}', tag: 'topics', role: 'admin', summary: 'Deletes a topic', params: clusterTopic, ok: { status: 200, json: deleteTopicResult } },
  { method: 'patch', path: '/api/clusters/{cluster}/topics/{topic}/configs', tag: 'topics', role: 'admin', summary: 'Sets and deletes topic configs', params: clusterTopic, body: alterConfigsInput, ok: { status: 200, json: z.object({ configs: z.array(configEntry) }) } },
  { method: 'post', path: '/api/clusters/{cluster}/topics/{topic}/partitions', tag: 'topics', role: 'admin', summary: 'Raises the partition count', params: clusterTopic, body: addPartitionsInput, ok: { status: 200, json: z.object({ topic: z.string(), partitions: z.number().int() }) } },
  { method: 'post', path: '/api/clusters/{cluster}/topics/{topic}/purge', tag: 'topics', role: 'admin', summary: 'Deletes records up to offsets', params: clusterTopic, body: purgeInput, ok: { status: 200, json: purgeResult } },
  { method: 'get', path: '/api/clusters/{cluster}/topics/{topic}/consumers', tag: 'topics', role: 'viewer', summary: 'Consumer groups that read the topic', params: clusterTopic, ok: { status: 200, json: topicConsumers } },
  { method: 'get', path: '/api/clusters/{cluster}/topics/{topic}/messages', tag: 'messages', role: 'viewer', summary: 'Browses messages from a position', params: clusterTopic, query: browseQuery, ok: { status: 200, json: browseResult } },
  { method: 'post', path: '/api/clusters/{cluster}/topics/{topic}/messages', tag: 'messages', role: 'operator', summary: 'Produces messages', params: clusterTopic, body: produceInput, ok: { status: 201, json: produceResult } },
  { method: 'get', path: '/api/clusters/{cluster}/topics/{topic}/live', tag: 'messages', role: 'viewer', summary: 'Live tail of a topic (Server-Sent Events; Last-Event-ID resumes)', params: clusterTopic, query: liveQuery, ok: { status: 200, contentType: 'text/event-stream', description: 'events ready, messages, dropped, status, failure' } },
  { method: 'get', path: '/api/clusters/{cluster}/topics/{topic}/search', tag: 'messages', role: 'viewer', summary: 'Searches the whole topic on the server (NDJSON progress, matches, done; closing the request cancels)', params: clusterTopic, query: searchQueryShape, ok: { status: 200, contentType: 'application/x-ndjson', description: 'one searchEvent a line: started, progress, matches, done, failure' } },
  { method: 'get', path: '/api/clusters/{cluster}/live', tag: 'messages', role: 'viewer', summary: 'One live stream for several topics (repeat topic=)', params: cluster, query: liveQuery.extend({ topic: z.union([topicName, z.array(topicName)]) }), ok: { status: 200, contentType: 'text/event-stream', description: 'as the single-topic tail, each message naming its topic' } },
  { method: 'get', path: '/api/clusters/{cluster}/streams', tag: 'messages', role: 'viewer', summary: 'Several live streams on one connection (s = JSON list of sub-streams)', params: cluster, query: z.object({ s: z.string(), resume: z.string().optional() }), ok: { status: 200, contentType: 'text/event-stream', description: 'every event tagged with its sub-stream' } },

  { method: 'get', path: '/api/clusters/{cluster}/consumer-groups', tag: 'consumer groups', role: 'viewer', summary: 'Consumer groups of every type, with lag', params: cluster, query: groupListQuery, ok: { status: 200, json: groupList } },
  { method: 'get', path: '/api/clusters/{cluster}/consumer-groups/{group}', tag: 'consumer groups', role: 'viewer', summary: 'Members, per-partition committed/end/lag, status', params: clusterGroup, ok: { status: 200, json: groupDetail } },
  { method: 'delete', path: '/api/clusters/{cluster}/consumer-groups/{group}', tag: 'consumer groups', role: 'admin', summary: 'Deletes an empty group', params: clusterGroup, ok: { status: 200, json: z.object({ deleted: z.string() }) } },
  { method: 'get', path: '/api/clusters/{cluster}/consumer-groups/{group}/lag-history', tag: 'consumer groups', role: 'viewer', summary: 'Lag over time, as the lag sampler recorded it', params: clusterGroup, query: lagHistoryQuery, ok: { status: 200, json: lagHistory } },
  { method: 'post', path: '/api/clusters/{cluster}/consumer-groups/{group}/offsets', tag: 'consumer groups', role: 'operator', summary: 'Resets offsets (earliest, latest, timestamp, offset, shift), or previews with dryRun', params: clusterGroup, body: resetOffsetsInput, ok: { status: 200, json: resetOffsetsResult } },
  { method: 'delete', path: '/api/clusters/{cluster}/consumer-groups/{group}/offsets', tag: 'consumer groups', role: 'operator', summary: "Deletes a group's offsets for one topic (a share group's start offsets too); refused while the group has members", params: clusterGroup, query: deleteGroupOffsetsQuery, ok: { status: 200, json: z.record(z.string(), z.unknown()) } },

  { method: 'get', path: '/api/clusters/{cluster}/brokers/{id}/configs', tag: 'brokers', role: 'viewer', summary: "One broker's configs, or ({id} = default) the cluster-wide dynamic defaults", params: brokerParam, ok: { status: 200, json: brokerConfigs } },
  { method: 'patch', path: '/api/clusters/{cluster}/brokers/{id}/configs', tag: 'brokers', role: 'admin', summary: 'Sets and deletes dynamic broker configs, one key at a time (IncrementalAlterConfigs)', params: brokerParam, body: alterConfigsInput, ok: { status: 200, json: brokerConfigs } },

  { method: 'get', path: '/api/clusters/{cluster}/reassignments', tag: 'partitions', role: 'viewer', summary: 'Reassignments in progress (started by anyone), bytes to go, and the throttles set', params: cluster, ok: { status: 200, json: reassignmentList } },
  { method: 'post', path: '/api/clusters/{cluster}/reassignments', tag: 'partitions', role: 'admin', summary: 'Starts moves, with an optional replication throttle', params: cluster, body: reassignmentInput, ok: { status: 202, json: reassignmentResult } },
  { method: 'delete', path: '/api/clusters/{cluster}/reassignments', tag: 'partitions', role: 'admin', summary: 'Cancels moves in progress: the partitions named, or every one', params: cluster, body: cancelReassignmentInput, ok: { status: 200, json: reassignmentResult } },
  { method: 'post', path: '/api/clusters/{cluster}/reassignments/plan', tag: 'partitions', role: 'admin', summary: 'Plans a drain, balance or replication-factor change with its before/after grid; changes nothing', params: cluster, body: planInput, ok: { status: 200, json: reassignmentPlan } },
  { method: 'delete', path: '/api/clusters/{cluster}/reassignments/throttle', tag: 'partitions', role: 'admin', summary: "Removes every replication throttle (brokers' rates, topics' throttled replicas)", params: cluster, ok: { status: 200, json: throttleRemoval } },
  { method: 'post', path: '/api/clusters/{cluster}/elections', tag: 'partitions', role: 'admin', summary: 'Preferred leader election (topic, partitions or cluster), or unclean for a leaderless partition with acceptDataLoss', params: cluster, body: electionInput, ok: { status: 200, json: electionResult } },

  { method: 'get', path: '/api/clusters/{cluster}/acls', tag: 'security', role: 'viewer', summary: 'ACLs matching a filter', params: cluster, query: aclFilter, ok: { status: 200, json: aclList } },
  { method: 'post', path: '/api/clusters/{cluster}/acls', tag: 'security', role: 'admin', summary: 'Creates an ACL', params: cluster, body: createAclInput, ok: { status: 201, json: z.object({ acl: aclBinding }) } },
  { method: 'delete', path: '/api/clusters/{cluster}/acls', tag: 'security', role: 'admin', summary: 'Removes the ACLs a filter matches, or previews them with dryRun', params: cluster, body: deleteAclsInput, ok: { status: 200, json: deleteAclsResult } },
  { method: 'get', path: '/api/clusters/{cluster}/acls/effective', tag: 'security', role: 'viewer', summary: 'Which operations a principal may do on a resource, and by which ACLs', params: cluster, query: effectiveAccessQuery, ok: { status: 200, json: effectiveAccess } },
  { method: 'get', path: '/api/clusters/{cluster}/users', tag: 'security', role: 'admin', summary: 'SCRAM users with their mechanisms and iterations (never a password)', params: cluster, ok: { status: 200, json: scramUserList } },
  { method: 'post', path: '/api/clusters/{cluster}/users', tag: 'security', role: 'admin', summary: 'Creates a SCRAM user; the password is salted and hashed here and never kept', params: cluster, body: createScramUserInput, ok: { status: 201, json: scramUserResult } },
  { method: 'put', path: '/api/clusters/{cluster}/users/{name}', tag: 'security', role: 'admin', summary: "Rotates a SCRAM user's password", params: scramParam, body: rotateScramPasswordInput, ok: { status: 200, json: scramUserResult } },
  { method: 'delete', path: '/api/clusters/{cluster}/users/{name}', tag: 'security', role: 'admin', summary: "Deletes a SCRAM user's credentials (?mechanism= one of them)", params: scramParam, query: z.object({ mechanism: z.string().optional() }), ok: { status: 200, json: z.object({ name: z.string(), removed: z.array(z.string()) }) } },
  { method: 'get', path: '/api/clusters/{cluster}/quotas', tag: 'security', role: 'viewer', summary: 'Client quotas of every entity; with user and clientId, which quota applies to that pair', params: cluster, query: quotaQuery, ok: { status: 200, json: quotaListResult } },
  { method: 'put', path: '/api/clusters/{cluster}/quotas', tag: 'security', role: 'admin', summary: "Sets and removes an entity's quotas", params: cluster, body: alterQuotaInput, ok: { status: 200, json: z.record(z.string(), z.unknown()) } },

  { method: 'get', path: '/api/clusters/{cluster}/alerts/rules', tag: 'alerts', role: 'viewer', summary: 'Lag alert rules (channel URLs and recipients never included)', params: cluster, ok: { status: 200, json: alertRuleList } },
  { method: 'post', path: '/api/clusters/{cluster}/alerts/rules', tag: 'alerts', role: 'admin', summary: 'Creates a lag alert rule', params: cluster, body: alertRuleInput, ok: { status: 201, json: alertRule } },
  { method: 'get', path: '/api/clusters/{cluster}/alerts/rules/{id}', tag: 'alerts', role: 'viewer', summary: 'One alert rule', params: alertParam, ok: { status: 200, json: alertRule } },
  { method: 'put', path: '/api/clusters/{cluster}/alerts/rules/{id}', tag: 'alerts', role: 'admin', summary: 'Replaces an alert rule (leave the channel URL out to keep it)', params: alertParam, body: alertRuleInput, ok: { status: 200, json: alertRule } },
  { method: 'delete', path: '/api/clusters/{cluster}/alerts/rules/{id}', tag: 'alerts', role: 'admin', summary: 'Deletes an alert rule', params: alertParam, ok: { status: 200, json: z.object({ deleted: z.number().int() }) } },
  { method: 'post', path: '/api/clusters/{cluster}/alerts/rules/{id}/test', tag: 'alerts', role: 'admin', summary: "Sends a test notification through the rule's channel now", params: alertParam, ok: { status: 200, json: testSendResult } },
  { method: 'get', path: '/api/clusters/{cluster}/alerts/history', tag: 'alerts', role: 'viewer', summary: 'Alerts newest first, with every notification and its attempts', params: cluster, query: alertHistoryQuery, ok: { status: 200, json: alertHistory } },

  { method: 'get', path: '/api/clusters/{cluster}/replays', tag: 'messages', role: 'operator', summary: 'Replay runs this console instance knows, newest first', params: cluster, ok: { status: 200, json: replayRunList } },
  { method: 'post', path: '/api/clusters/{cluster}/replays', tag: 'messages', role: 'operator', summary: 'Starts a replay or redrive (or a dry run); poll the run for progress', params: cluster, body: replayInput, ok: { status: 202, json: replayRun } },
  { method: 'get', path: '/api/clusters/{cluster}/replays/{id}', tag: 'messages', role: 'operator', summary: 'One replay run: progress, then its summary', params: replayParam, ok: { status: 200, json: replayRun } },
  { method: 'post', path: '/api/clusters/{cluster}/replays/{id}/cancel', tag: 'messages', role: 'operator', summary: 'Stops a running replay after the batch in flight', params: replayParam, ok: { status: 200, json: replayRun } },

  { method: 'get', path: '/api/clusters/{cluster}/schema-registry/subjects', tag: 'schemas', role: 'viewer', summary: 'Subjects of the cluster\'s schema registry: format, latest version, compatibility (search, paging)', params: cluster, query: subjectsQuery, ok: { status: 200, json: subjectsPage } },
  { method: 'get', path: '/api/clusters/{cluster}/schema-registry/subjects/{subject}', tag: 'schemas', role: 'viewer', summary: 'One subject: versions, latest schema, compatibility, referenced by', params: subjectParam, ok: { status: 200, json: subjectDetail } },
  { method: 'delete', path: '/api/clusters/{cluster}/schema-registry/subjects/{subject}', tag: 'schemas', role: 'admin', summary: 'Soft-delete a subject, or (permanent=true, after a soft delete) delete it for good', params: subjectParam, query: deleteQuery, ok: { status: 200, json: deleteResult } },
  { method: 'get', path: '/api/clusters/{cluster}/schema-registry/subjects/{subject}/versions', tag: 'schemas', role: 'viewer', summary: 'Version numbers of a subject', params: subjectParam, ok: { status: 200, json: z.array(z.number().int()) } },
  { method: 'post', path: '/api/clusters/{cluster}/schema-registry/subjects/{subject}/versions', tag: 'schemas', role: 'admin', summary: 'Register a new version; the registry refuses an incompatible one (409, its own message)', params: subjectParam, body: registerSchemaInput, ok: { status: 201, json: registerResult } },
  { method: 'get', path: '/api/clusters/{cluster}/schema-registry/subjects/{subject}/versions/{version}', tag: 'schemas', role: 'viewer', summary: 'One version (or latest) of a subject', params: subjectVersionParam, ok: { status: 200, json: schemaVersion } },
  { method: 'delete', path: '/api/clusters/{cluster}/schema-registry/subjects/{subject}/versions/{version}', tag: 'schemas', role: 'admin', summary: 'Soft- or (permanent=true) hard-delete one version', params: subjectVersionParam, query: deleteQuery, ok: { status: 200, json: deleteResult } },
  { method: 'post', path: '/api/clusters/{cluster}/schema-registry/compatibility/subjects/{subject}/versions/{version}', tag: 'schemas', role: 'viewer', summary: 'The registry\'s compatibility verdict on a candidate schema (changes nothing)', params: subjectVersionParam, body: registerSchemaInput, ok: { status: 200, json: compatibilityVerdict } },
  { method: 'get', path: '/api/clusters/{cluster}/schema-registry/config', tag: 'schemas', role: 'viewer', summary: 'The registry\'s global compatibility level', params: cluster, ok: { status: 200, json: z.object({ compatibility: compatibilityLevel.nullable() }) } },
  { method: 'put', path: '/api/clusters/{cluster}/schema-registry/config', tag: 'schemas', role: 'admin', summary: 'Set the global compatibility level', params: cluster, body: compatibilityInput, ok: { status: 200, json: z.object({ subject: z.null(), compatibility: compatibilityLevel }) } },
  { method: 'put', path: '/api/clusters/{cluster}/schema-registry/config/{subject}', tag: 'schemas', role: 'admin', summary: 'Set a subject\'s compatibility level', params: subjectParam, body: compatibilityInput, ok: { status: 200, json: z.object({ subject: z.string(), compatibility: compatibilityLevel }) } },
  { method: 'get', path: '/api/clusters/{cluster}/connect', tag: 'connect', role: 'viewer', summary: 'Kafka Connect clusters of this Kafka cluster, with version and reachability', params: cluster, ok: { status: 200, json: connectClusterList } },
  { method: 'get', path: '/api/clusters/{cluster}/connect/{connect}/plugins', tag: 'connect', role: 'viewer', summary: 'Connector plugins installed on the Connect cluster', params: connectParam, ok: { status: 200, json: connectorPluginList } },
  { method: 'post', path: '/api/clusters/{cluster}/connect/{connect}/plugins/validate', tag: 'connect', role: 'admin', summary: "The worker's per-field verdict on a connector config (its PASSWORD fields masked); changes nothing", params: connectParam, body: validateConfigInput, ok: { status: 200, json: configValidation } },
  { method: 'get', path: '/api/clusters/{cluster}/connect/{connect}/connectors', tag: 'connect', role: 'viewer', summary: 'Connectors with their state, tasks, worker and topics', params: connectParam, ok: { status: 200, json: connectorList } },
  { method: 'post', path: '/api/clusters/{cluster}/connect/{connect}/connectors', tag: 'connect', role: 'admin', summary: 'Creates a connector (validated first: 422 with the per-field messages)', params: connectParam, body: createConnectorInput, ok: { status: 201, json: connectorDetail } },
  { method: 'get', path: '/api/clusters/{cluster}/connect/{connect}/connectors/{connector}', tag: 'connect', role: 'viewer', summary: 'A connector: config (secrets masked), status per task with traces, topics', params: connectorParam, ok: { status: 200, json: connectorDetail } },
  { method: 'put', path: '/api/clusters/{cluster}/connect/{connect}/connectors/{connector}', tag: 'connect', role: 'admin', summary: "Replaces a connector's config (a masked secret left out keeps its value)", params: connectorParam, body: updateConnectorInput, ok: { status: 200, json: connectorDetail } },
  { method: 'delete', path: '/api/clusters/{cluster}/connect/{connect}/connectors/{connector}', tag: 'connect', role: 'admin', summary: 'Deletes a connector', params: connectorParam, ok: { status: 200, json: z.record(z.string(), z.unknown()) } },
  { method: 'post', path: '/api/clusters/{cluster}/connect/{connect}/connectors/{connector}/{action}', tag: 'connect', role: 'operator', summary: 'pause, resume, stop or restart (the connector and its tasks, or only the failed ones)', params: connectorParam.extend({ action: z.enum(['pause', 'resume', 'stop', 'restart']) }), body: restartInput, ok: { status: 200, json: connectorDetail } },
  { method: 'get', path: '/api/clusters/{cluster}/connect/{connect}/connectors/{connector}/offsets', tag: 'connect', role: 'viewer', summary: "The connector's offsets (KIP-875)", params: connectorParam, ok: { status: 200, json: connectorOffsets } },
  { method: 'patch', path: '/api/clusters/{cluster}/connect/{connect}/connectors/{connector}/offsets', tag: 'connect', role: 'admin', summary: 'Alters the offsets of a stopped connector', params: connectorParam, body: alterOffsetsInput, ok: { status: 200, json: connectorOffsets } },
  { method: 'delete', path: '/api/clusters/{cluster}/connect/{connect}/connectors/{connector}/offsets', tag: 'connect', role: 'admin', summary: 'Resets the offsets of a stopped connector', params: connectorParam, ok: { status: 200, json: connectorOffsets } },

  { method: 'get', path: '/api/pipeline', tag: 'pipeline', role: 'viewer', summary: 'The weather pipeline: topology, per-stage rates and lag, process statuses', query: pipelineQueryDoc, ok: { status: 200, json: pipelineReport } },
  { method: 'post', path: '/api/pipeline/producer', tag: 'pipeline', role: 'operator', summary: 'Pauses, resumes or changes the speed of the replay producer', query: pipelineQueryDoc, body: producerControlInput, ok: { status: 200, json: producerCommandOut } },
  { method: 'get', path: '/api/weather/stations', tag: 'weather', role: 'viewer', summary: 'Stations with readings in the database', ok: { status: 200, json: stationList } },
  { method: 'get', path: '/api/weather/readings', tag: 'weather', role: 'viewer', summary: "A station's readings", query: readingsQuery, ok: { status: 200, json: readingList } },
  { method: 'get', path: '/api/weather/summary', tag: 'weather', role: 'viewer', summary: 'Daily or monthly summaries of a station', query: summaryQuery, ok: { status: 200, json: summaryResponse } },
  { method: 'get', path: '/api/weather/windows', tag: 'weather', role: 'viewer', summary: '7-day window aggregates of a station', query: windowsQuery, ok: { status: 200, json: windowList } },
  { method: 'get', path: '/api/weather/live', tag: 'weather', role: 'viewer', summary: 'New readings of a station as Server-Sent Events', query: weatherLiveQuery, ok: { status: 200, contentType: 'text/event-stream', description: 'events readings, problem' } },
];

export function apiRoutes(): readonly ApiRoute[] {
  return routes;
}
