import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.Readable;

/**
 * Kafka's own generated message classes as a byte oracle for hand-written codecs
 * (lib/server/kafka/group-apis.ts). Reads a JSON array of jobs on stdin:
 *   {"op":"write","message":"ShareGroupDescribeResponseData","version":1,"json":{...}}  -> {"hex":"..."}
 *   {"op":"read","message":"ShareGroupDescribeRequestData","version":1,"hex":"..."}      -> {"json":{...}}
 * JSON is Kafka's JsonConverter form (camelCase field names). Prints a JSON array of answers.
 */
public class KafkaMessageBytes {
  public static void main(String[] args) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    JsonNode jobs = mapper.readTree(System.in);
    ArrayNode out = mapper.createArrayNode();
    for (JsonNode job : jobs) {
      String name = "org.apache.kafka.common.message." + job.get("message").asText();
      short version = (short) job.get("version").asInt();
      Class<?> data = Class.forName(name);
      Class<?> converter = Class.forName(name + "JsonConverter");
      ObjectNode answer = mapper.createObjectNode();
      if (job.get("op").asText().equals("write")) {
        Method read = converter.getMethod("read", JsonNode.class, short.class);
        ApiMessage message = (ApiMessage) read.invoke(null, job.get("json"), version);
        ByteBuffer buf = MessageUtil.toByteBufferAccessor(message, version).buffer();
        buf.rewind();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        answer.put("hex", HexFormat.of().formatHex(bytes));
      } else {
        ByteBuffer buf = ByteBuffer.wrap(HexFormat.of().parseHex(job.get("hex").asText()));
        ApiMessage message = (ApiMessage) data.getConstructor(Readable.class, short.class).newInstance(new ByteBufferAccessor(buf), version);
        if (buf.remaining() != 0) throw new IllegalStateException(job.get("message").asText() + ": " + buf.remaining() + " bytes left over");
        Method write = converter.getMethod("write", data, short.class);
        answer.set("json", (JsonNode) write.invoke(null, message, version));
      }
      out.add(answer);
    }
    // UTF-8 bytes, not println: under the C locale (CI runs with an empty environment) the
    // platform charset is ASCII and a non-ASCII group id would come back as '?'
    System.out.write(mapper.writeValueAsBytes(out));
    System.out.flush();
  }
}
