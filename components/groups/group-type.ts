import type { GroupType } from '@/lib/contracts/groups';

// Kafka 4's group types, named as kafka-groups.sh --list prints them.
export const GROUP_TYPE_LABEL: Record<GroupType, string> = { classic: 'Classic', consumer: 'Consumer', share: 'Share', streams: 'Streams' };

export const GROUP_TYPE_HINT: Record<GroupType, string> = {
  classic: 'Classic group protocol (JoinGroup/SyncGroup, client-side assignment)',
  consumer: 'KIP-848 consumer group protocol (broker-side assignment, group.protocol=consumer)',
  share: 'Share group (KIP-932 queues)',
  streams: 'Kafka Streams group (KIP-1071)',
};

/** The type as a phrase beside the group's state ("KIP-848 consumer protocol · uniform"). */
export const GROUP_TYPE_PHRASE: Record<GroupType, string> = {
  classic: 'classic protocol',
  consumer: 'KIP-848 consumer protocol',
  share: 'share group',
  streams: 'streams group',
};
