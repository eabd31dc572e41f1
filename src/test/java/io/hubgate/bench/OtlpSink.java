package io.hubgate.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for an OpenTelemetry collector: answers 200 to {@code POST /v1/traces} (OTLP over HTTP, protobuf) on a
 * free loopback port and counts what arrives: export requests, bytes, spans and spans by name, so that a benchmark
 * knows the gateway really exported (and how much of what it made). Anything else is answered 404 and counted.
 * <p>
 * Spans are counted by walking the protobuf wire format along {@code ExportTraceServiceRequest.resource_spans (1) →
 * ResourceSpans.scope_spans (2) → ScopeSpans.spans (2) → Span.name (5)}; nothing else is decoded, and no OpenTelemetry
 * proto classes are needed.
 */
final class OtlpSink implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "otlp-sink");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong spans = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Map<String, LongAdder> names = new ConcurrentHashMap<>();

  private OtlpSink(HttpServer server) {
    this.server = server;
  }

  static OtlpSink start() throws IOException {
    var sink = new OtlpSink(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
    sink.server.createContext("/", sink::handle);
    sink.server.setExecutor(sink.executor);
    sink.server.start();
    return sink;
  }

  /** What {@code QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} is set to; the exporter adds {@code /v1/traces}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long requests() {
    return requests.get();
  }

  long bytes() {
    return bytes.get();
  }

  long spans() {
    return spans.get();
  }

  /** Requests to another path or with another method: a misconfigured exporter. */
  long refused() {
    return refused.get();
  }

  /** Spans received, by span name. */
  Map<String, Long> spansByName() {
    Map<String, Long> copy = new TreeMap<>();
    names.forEach((name, count) -> copy.put(name, count.sum()));
    return copy;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
        refused.incrementAndGet();
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      requests.incrementAndGet();
      bytes.addAndGet(body.length);
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      countSpans(body);
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: everything accepted
    }
  }

  private void countSpans(byte[] request) {
    new Fields(request, 0, request.length).each(1, resourceSpans ->
        resourceSpans.each(2, scopeSpans ->
            scopeSpans.each(2, span -> {
              spans.incrementAndGet();
              span.each(5, name -> names.computeIfAbsent(name.text(), n -> new LongAdder()).increment());
            })));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** One protobuf message's bytes: its length-delimited fields of one number can be visited. */
  private record Fields(byte[] data, int from, int to) {

    void each(int fieldNumber, java.util.function.Consumer<Fields> visitor) {
      int[] at = {from};
      while (at[0] < to) {
        long key = varint(at);
        int wireType = (int) (key & 7);
        switch (wireType) {
          case 0 -> varint(at);
          case 1 -> at[0] += 8;
          case 5 -> at[0] += 4;
          case 2 -> {
            int length = (int) varint(at);
            if (key >>> 3 == fieldNumber) {
              visitor.accept(new Fields(data, at[0], at[0] + length));
            }
            at[0] += length;
          }
          default -> throw new IllegalArgumentException("unsupported protobuf wire type " + wireType);
        }
      }
    }

    String text() {
      return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    private long varint(int[] at) {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = data[at[0]++];
        value |= (long) (b & 0x7f) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }
  }
}
