import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The demo's Kafka Streams application: counts words of the lines on an input topic and writes
 * each word's running count to an output topic. A store named "counts" behind a repartition by
 * word, so the application has both kinds of internal topic (<application.id>-counts-repartition,
 * <application.id>-counts-changelog). Run with the JDK's source launcher:
 *
 *   java -cp '.cache/kafka-streams-4.4.0/libs/*' kafka/streams-app/WordCount.java \
 *     bootstrap.servers=127.0.0.1:9092 application.id=wordcount input=text output=word-counts [group.protocol=streams]
 *
 * Settings are key=value; input and output name the topics, every other key is a Streams config.
 * With --describe it prints Topology#describe() and exits without connecting.
 */
public class WordCount {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams"); // KIP-1071: the broker assigns tasks
    // Send the topology's processor nodes to the coordinator too (Kafka 4.4), for consoles and
    // kafka-streams-groups.sh --topology; the broker keeps them when it has a description plugin.
    props.put(StreamsConfig.TOPOLOGY_DESCRIPTION_PUSH_ENABLED_CONFIG, true);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    boolean describeOnly = false;
    String input = "text", output = "word-counts";
    for (String a : args) {
      if (a.equals("--describe")) { describeOnly = true; continue; }
      int eq = a.indexOf('=');
      if (eq < 0) throw new IllegalArgumentException("expected key=value, got " + a);
      String k = a.substring(0, eq), v = a.substring(eq + 1);
      if (k.equals("input")) input = v;
      else if (k.equals("output")) output = v;
      else props.put(k, v);
    }
    Topology topology = build(input, output);
    System.out.println(topology.describe());
    System.out.flush();
    if (describeOnly) return;
    props.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/riffle-streams-" + props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
    KafkaStreams streams = new KafkaStreams(topology, props);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> { streams.close(); done.countDown(); }));
    streams.setStateListener((now, before) -> { System.out.println("state " + before + " -> " + now); System.out.flush(); });
    streams.start();
    done.await();
  }

  static Topology build(String input, String output) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.<String, String>stream(input)
        .flatMapValues(line -> Arrays.asList(line.toLowerCase(Locale.ROOT).split("\\W+")))
        .filter((key, word) -> !word.isEmpty())
        .groupBy((key, word) -> word, Grouped.as("counts"))
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("counts"))
        .toStream()
        .to(output, Produced.with(Serdes.String(), Serdes.Long()));
    return builder.build();
  }
}
