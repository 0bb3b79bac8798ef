import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Apache Avro's own verdict on schema resolution, the oracle for the local registry's Avro
 * compatibility (registry/formats.ts). Reads a JSON array of pairs on stdin:
 *   [{"reader": "<avro schema json>", "writer": "<avro schema json>"}, ...]
 * and prints [{"compatible": true|false, "description": "..."}, ...]: whether data written with
 * `writer` can be read with `reader` (SchemaCompatibility.checkReaderWriterCompatibility).
 * A schema Avro refuses to parse answers {"error": "..."}.
 * Run with the jars of test/helpers/schema-oracle/pom.xml (test/helpers/schema-oracle.ts).
 */
public class AvroCompatibility {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode jobs = mapper.readTree(System.in);
    ArrayNode out = mapper.createArrayNode();
    for (JsonNode job : jobs) {
      ObjectNode answer = mapper.createObjectNode();
      try {
        Schema reader = new Schema.Parser().parse(job.get("reader").asText());
        Schema writer = new Schema.Parser().parse(job.get("writer").asText());
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        answer.put("compatible", result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        answer.put("description", result.getDescription());
      } catch (Exception e) {
        answer.put("error", e.toString());
      }
      out.add(answer);
    }
    System.out.write(mapper.writeValueAsString(out).getBytes(StandardCharsets.UTF_8));
    System.out.flush();
  }
}
