package io.hubgate.simulator;

import java.util.List;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;

/**
 * Outside Quarkus (plain JUnit, the standalone simulator) JBoss LogManager is unconfigured and its root level
 * is ALL, so Vert.x Web builds a trace message for every route it visits; that alone halved the simulator's
 * throughput. Vert.x and Netty go to INFO unless someone set their level explicitly or configured logging.
 */
final class QuietLogging {

  private QuietLogging() {
  }

  static void apply() {
    for (String name : List.of("io.vertx", "io.netty")) {
      Logger logger = LogContext.getLogContext().getLogger(name);
      if (logger.getLevel() == null && logger.isLoggable(Level.FINEST)) {
        logger.setLevel(Level.INFO);
      }
    }
  }
}
