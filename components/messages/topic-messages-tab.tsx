import { NotBuiltYet } from '@/components/ui/not-built-yet';

/** Placeholder in the topics branch; the messages issue (#4) supplies the real tab. */
export function TopicMessagesTab({ cluster: _cluster, topic: _topic }: { cluster: string; topic: string }) {
  return <NotBuiltYet title="Messages" issue={4} />;
}
