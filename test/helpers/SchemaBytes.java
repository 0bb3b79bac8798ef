import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;

/**
 * Confluent-framed Avro and Protobuf bytes written and read by the formats' own Java libraries
 * (Apache Avro's GenericDatumWriter/Reader, protobuf-java's DynamicMessage with JsonFormat): an
 * oracle independent of the console's codecs. Frame: magic byte 0, the schema id (4 bytes, big
 * endian), for Protobuf the message-index list (zigzag varints: a count, then the indexes; [0]
 * alone is the single byte 0), then the encoded value.
 *
 * Reads a JSON array of jobs on stdin, prints a JSON array of answers:
 *   {"op":"encode","format":"AVRO"|"PROTOBUF","schema":"...","references":[{"name","schema"}],
 *    "message":"pkg.Msg" (Protobuf, default the file's first message),"id":7,"json":<value>}
 *        -> {"hex":"00000000070a..."}
 *   {"op":"decode","format":...,"schema":...,"references":...,"hex":"..."}
 *        -> {"id":7,"indexes":[0],"json":<value>}
 * Values are JSON in each format's own JSON mapping: Avro's JSON encoding (a union value is
 * {"type": value}, bytes as ISO-8859-1 text) and Protobuf's canonical proto3 JSON (field names
 * as in the .proto, 64-bit integers as strings). A job that fails answers {"error":"..."}.
 * Protobuf needs protoc: its path in the PROTOC environment variable.
 * Use it through test/helpers/schema-oracle.ts (javaEncode / javaDecode), which fetches the jars.
 */
public class SchemaBytes {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final Map<String, Descriptor> DESCRIPTORS = new HashMap<>();

  public static void main(String[] args) throws Exception {
    JsonNode jobs = MAPPER.readTree(System.in);
    ArrayNode out = MAPPER.createArrayNode();
    for (JsonNode job : jobs) {
      ObjectNode answer = MAPPER.createObjectNode();
      try {
        boolean avro = job.get("format").asText().equals("AVRO");
        if (job.get("op").asText().equals("encode")) {
          byte[] bytes = avro ? encodeAvro(job) : encodeProtobuf(job);
          answer.put("hex", HexFormat.of().formatHex(bytes));
        } else {
          ByteBuffer buf = ByteBuffer.wrap(HexFormat.of().parseHex(job.get("hex").asText()));
          if (buf.get() != 0) throw new IllegalArgumentException("not a Confluent frame: magic byte is not 0");
          answer.put("id", buf.getInt());
          if (avro) decodeAvro(job, buf, answer);
          else decodeProtobuf(job, buf, answer);
        }
      } catch (Exception e) {
        answer.put("error", e.toString());
      }
      out.add(answer);
    }
    System.out.write(MAPPER.writeValueAsString(out).getBytes(StandardCharsets.UTF_8));
    System.out.flush();
  }

  static void header(ByteArrayOutputStream out, int id) {
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
  }

  // ---- Avro ----

  static Schema avroSchema(JsonNode job) {
    Schema.Parser parser = new Schema.Parser();
    for (JsonNode ref : job.path("references")) parser.parse(ref.get("schema").asText());
    return parser.parse(job.get("schema").asText());
  }

  static byte[] encodeAvro(JsonNode job) throws Exception {
    Schema schema = avroSchema(job);
    Object datum = new GenericDatumReader<Object>(schema).read(null, DecoderFactory.get().jsonDecoder(schema, MAPPER.writeValueAsString(job.get("json"))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    header(out, job.get("id").asInt());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<Object>(schema).write(datum, enc);
    enc.flush();
    return out.toByteArray();
  }

  static void decodeAvro(JsonNode job, ByteBuffer buf, ObjectNode answer) throws Exception {
    Schema schema = avroSchema(job);
    byte[] rest = new byte[buf.remaining()];
    buf.get(rest);
    var decoder = DecoderFactory.get().binaryDecoder(rest, null);
    Object datum = new GenericDatumReader<Object>(schema).read(null, decoder);
    if (!decoder.isEnd()) throw new IllegalArgumentException("bytes left over after the Avro value");
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    JsonEncoder enc = EncoderFactory.get().jsonEncoder(schema, json);
    new GenericDatumWriter<Object>(schema).write(datum, enc);
    enc.flush();
    answer.set("json", MAPPER.readTree(json.toByteArray()));
  }

  // ---- Protobuf ----

  /** The message type: protoc compiles the .proto text (and its references) to descriptors. */
  static Descriptor protoMessage(JsonNode job) throws Exception {
    String key = MAPPER.writeValueAsString(List.of(job.get("schema"), job.path("references"), job.path("message")));
    Descriptor cached = DESCRIPTORS.get(key);
    if (cached != null) return cached;
    Path dir = Files.createTempDirectory("schema-bytes");
    try {
      for (JsonNode ref : job.path("references")) {
        Path p = dir.resolve(ref.get("name").asText());
        Files.createDirectories(p.getParent());
        Files.writeString(p, ref.get("schema").asText());
      }
      Files.writeString(dir.resolve("__main__.proto"), job.get("schema").asText());
      Path set = dir.resolve("set.pb");
      String protoc = System.getenv("PROTOC");
      if (protoc == null) throw new IllegalStateException("set PROTOC to protoc's path");
      Process p = new ProcessBuilder(protoc, "-I" + dir, "--include_imports", "--descriptor_set_out=" + set, "__main__.proto").redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new IllegalArgumentException("protoc: " + log);
      FileDescriptorSet files = FileDescriptorSet.parseFrom(Files.readAllBytes(set));
      Map<String, FileDescriptor> built = new HashMap<>();
      FileDescriptor main = null;
      for (FileDescriptorProto proto : files.getFileList()) { // dependencies come first
        List<FileDescriptor> deps = new ArrayList<>();
        for (String d : proto.getDependencyList()) deps.add(built.get(d));
        FileDescriptor fd = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
        built.put(proto.getName(), fd);
        if (proto.getName().equals("__main__.proto")) main = fd;
      }
      Descriptor d;
      if (job.hasNonNull("message")) {
        String name = job.get("message").asText();
        String pkg = main.getPackage();
        d = findMessage(main, pkg.isEmpty() ? name : name.startsWith(pkg + ".") ? name : pkg + "." + name);
        if (d == null) throw new IllegalArgumentException("no message " + name);
      } else {
        d = main.getMessageTypes().get(0);
      }
      DESCRIPTORS.put(key, d);
      return d;
    } finally {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
      }
    }
  }

  static Descriptor findMessage(FileDescriptor file, String fullName) {
    for (Descriptor d : file.getMessageTypes()) {
      Descriptor found = findIn(d, fullName);
      if (found != null) return found;
    }
    return null;
  }

  static Descriptor findIn(Descriptor d, String fullName) {
    if (d.getFullName().equals(fullName)) return d;
    for (Descriptor n : d.getNestedTypes()) {
      Descriptor found = findIn(n, fullName);
      if (found != null) return found;
    }
    return null;
  }

  /** The message's path of indexes in its file (top-level index, then nested indexes). */
  static List<Integer> indexesOf(Descriptor d) {
    List<Integer> path = new ArrayList<>();
    for (Descriptor x = d; x != null; x = x.getContainingType()) path.add(0, x.getIndex());
    return path;
  }

  static byte[] encodeProtobuf(JsonNode job) throws Exception {
    Descriptor d = protoMessage(job);
    DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
    JsonFormat.parser().merge(MAPPER.writeValueAsString(job.get("json")), b);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    header(out, job.get("id").asInt());
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    List<Integer> indexes = indexesOf(d);
    if (indexes.size() == 1 && indexes.get(0) == 0) {
      cos.writeSInt32NoTag(0);
    } else {
      cos.writeSInt32NoTag(indexes.size());
      for (int i : indexes) cos.writeSInt32NoTag(i);
    }
    b.build().writeTo(cos);
    cos.flush();
    return out.toByteArray();
  }

  static void decodeProtobuf(JsonNode job, ByteBuffer buf, ObjectNode answer) throws Exception {
    byte[] rest = new byte[buf.remaining()];
    buf.get(rest);
    CodedInputStream in = CodedInputStream.newInstance(rest);
    int count = in.readSInt32();
    List<Integer> indexes = new ArrayList<>();
    if (count == 0) indexes.add(0);
    for (int i = 0; i < count; i++) indexes.add(in.readSInt32());
    FileDescriptor file = protoMessage(((ObjectNode) job.deepCopy()).putNull("message")).getFile();
    Descriptor d = file.getMessageTypes().get(indexes.get(0));
    for (int i = 1; i < indexes.size(); i++) d = d.getNestedTypes().get(indexes.get(i));
    DynamicMessage m = DynamicMessage.parseFrom(d, in);
    ArrayNode ix = answer.putArray("indexes");
    for (int i : indexes) ix.add(i);
    answer.put("message", d.getFullName());
    answer.set("json", MAPPER.readTree(JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace().print(m)));
  }
}
