import { NotBuiltYet } from '@/components/ui/not-built-yet';

/** Placeholder in the topics branch; the consumer-groups issue (#5) supplies the real tab. */
export function TopicConsumersTab({ cluster: _cluster, topic: _topic }: { cluster: string; topic: string }) {
  return <NotBuiltYet title="Consumers" issue={5} />;
}
