import { ensureSchemaOracle } from '../helpers/schema-oracle';

/**
 * Fetches the oracles' artifacts from Maven Central once, before any test file runs (first run
 * ~1-2 min: Avro, protobuf-java, protoc, Apicurio's app jar), so no test or hook spends its
 * timeout on a download.
 */
export default function setup() {
  ensureSchemaOracle();
}
