import { Admin, metadataV12, type Connection } from '@platformatic/kafka';
import { benchOptions } from './topics';

/**
 * The baseline client: a bare @platformatic/kafka Admin in the bench process, the same library
 * the console uses, with nothing of Riffle's on top. Raw requests go over its own pool.
 */
export function rawAdmin(brokers: string, clientId: string): Admin {
  return new Admin({ ...benchOptions(brokers, clientId), timeout: 60_000, requestTimeout: 90_000 });
}

/** A connection of the admin's pool to the first seed broker that answers. */
export function seedConnection(admin: Admin, brokers: string): Promise<Connection> {
  return admin.connections.getFirstAvailable(
    brokers.split(',').map((b) => {
      const i = b.lastIndexOf(':');
      return { host: b.slice(0, i), port: Number(b.slice(i + 1)) };
    }),
  );
}

/** One Metadata request (v12): `null` asks for every topic, `[]` for brokers only. */
export function rawMetadata(connection: Connection, topics: string[] | null) {
  return metadataV12.api.async(connection, topics, false, false);
}
