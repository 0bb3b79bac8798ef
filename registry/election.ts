import { Consumer } from '@platformatic/kafka';
import { clientBase, KafkaLog } from './kafka-log';
import { parseJson } from './records';

/**
 * One writer among the registry's instances, elected through Kafka's group coordinator as
 * Confluent's registry does: every instance joins one classic consumer group, and the member
 * the coordinator makes the group's leader is the writer. When it leaves or stops heartbeating
 * the coordinator rebalances and another member leads. A consumer group beats
 * transactional-id fencing here because it also tells the others that the writer changed (a
 * rebalance) and needs no transactions in `_schemas`, which Confluent's and Karapace's readers
 * would have to understand.
 *
 * The writer announces its URL, with its group generation, in a compacted topic
 * (`_schemas_leader`); followers forward writes to the URL announced for their own generation.
 */

export interface LeaderInfo {
  url: string;
  generationId: number;
  memberId: string;
}

export class Election {
  readonly #consumer: Consumer;
  readonly #announcements: KafkaLog;
  #isLeader = false;
  #generation = -1;
  #memberId = '';
  #latest: LeaderInfo | null = null;
  #onLeader: () => Promise<void>;
  #stopped = false;

  constructor(
    brokers: string[],
    readonly groupId: string,
    readonly announceTopic: string,
    readonly myUrl: string,
    onLeader: () => Promise<void>,
  ) {
    this.#onLeader = onLeader;
    this.#consumer = new Consumer({
      ...clientBase(brokers, 'riffle-schema-registry-election'),
      groupId,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    this.#announcements = new KafkaLog(brokers, announceTopic, 'riffle-schema-registry-election');
  }

  get isLeader(): boolean {
    return this.#isLeader;
  }

  get generation(): number {
    return this.#generation;
  }

  async start(): Promise<void> {
    await this.#announcements.ensureTopic();
    this.#announcements.start((r) => {
      const info = parseJson<LeaderInfo>(r.value);
      if (info && typeof info.url === 'string' && (!this.#latest || info.generationId >= this.#latest.generationId)) this.#latest = info;
    });
    // Until a join completes, no instance may write: a rebalance starts with every member unsure.
    this.#consumer.on('consumer:group:rebalance', () => {
      this.#isLeader = false;
    });
    this.#consumer.on('consumer:heartbeat:error', () => {
      this.#isLeader = false;
    });
    this.#consumer.on('consumer:group:join', (p) => {
      this.#generation = p.generationId ?? -1;
      this.#memberId = p.memberId;
      if (p.isLeader) void this.#becomeLeader(this.#generation);
      else this.#isLeader = false;
    });
    await this.#consumer.joinGroup({ sessionTimeout: 10_000, rebalanceTimeout: 10_000, heartbeatInterval: 1_000 });
  }

  async #becomeLeader(generation: number): Promise<void> {
    // Retried while this generation lasts: a writer that gave up after one Kafka hiccup would
    // leave every instance without one until the next rebalance.
    for (let attempt = 1; this.#generation === generation && !this.#stopped; attempt++) {
      try {
        // Catch up with everything the previous writer wrote before answering writes.
        await this.#onLeader();
        if (this.#generation !== generation) return;
        await this.#announcements.append([
          { key: Buffer.from('leader'), value: Buffer.from(JSON.stringify({ url: this.myUrl, generationId: generation, memberId: this.#memberId })) },
        ]);
        if (this.#generation === generation) this.#isLeader = true;
        return;
      } catch (err) {
        console.error(`registry: could not take the writer's role (attempt ${attempt}): ${(err as Error).message}`);
        await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempt)));
      }
    }
  }

  /** The writer's URL for this instance's generation, waiting a little while an election settles. */
  async leaderUrl(timeoutMs = 8_000): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#isLeader) return this.myUrl;
      const l = this.#latest;
      if (l && l.generationId >= this.#generation && this.#generation >= 0 && l.url !== this.myUrl) return l.url;
      if (Date.now() > deadline) return null;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#isLeader = false;
    await Promise.resolve(this.#consumer.leaveGroup()).catch(() => {});
    await Promise.allSettled([this.#consumer.close(true), this.#announcements.close()]);
  }
}
