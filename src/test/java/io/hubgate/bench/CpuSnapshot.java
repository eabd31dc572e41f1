package io.hubgate.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import io.hubgate.bench.LoadRun.Result;
import io.hubgate.testsupport.GatewayProcess;
import io.hubgate.testsupport.RedisServerProcess;

/**
 * CPU time used so far by the gateway, this JVM (load generator, and whatever else the benchmark runs in it: a Kafka
 * broker, the HubSpot simulator, an OTLP sink) and the Redis server: everything that shares the machine's cores.
 */
record CpuSnapshot(Duration gateway, Duration benchJvm, Duration redis) {

  static CpuSnapshot take(GatewayProcess gateway, RedisServerProcess redis) {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double redisSeconds = 0;
    for (String line : redis.command("INFO", "cpu").split("\r?\n")) {
      if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
        redisSeconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return new CpuSnapshot(gateway.cpuTime(), Duration.ofNanos(os.getProcessCpuTime()),
        Duration.ofNanos((long) (redisSeconds * 1e9)));
  }

  /** The run's figures with the CPU time spent since {@code before}, per request. */
  Result since(CpuSnapshot before, Result run) {
    return run.withCpu(gateway.minus(before.gateway), benchJvm.minus(before.benchJvm), redis.minus(before.redis));
  }
}
