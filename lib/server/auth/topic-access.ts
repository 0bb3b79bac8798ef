import 'server-only';
import { Forbidden } from '../errors';
import { authSettings, type TopicAccessRule } from './auth-settings';
import type { Principal } from './principal';
import { matchesAny } from './topic-patterns';

/**
 * Sensitive topics: when a topic matches a rule's globs, only the roles and users that rule
 * lists may read its messages (metadata stays visible to every viewer).
 */
export function canReadMessages(p: Principal, topic: string, rules: TopicAccessRule[] = authSettings().topicAccess): boolean {
  const matching = rules.filter((r) => matchesAny(topic, r.topics));
  return matching.every((r) => r.roles.includes(p.role) || r.users.includes(p.name));
}

export function assertCanReadMessages(p: Principal, topic: string): void {
  if (!canReadMessages(p, topic)) throw new Forbidden(`the messages of topic "${topic}" are restricted; ask an admin for access`);
}
