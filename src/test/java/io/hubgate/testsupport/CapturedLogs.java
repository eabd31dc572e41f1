package io.hubgate.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Everything logged in this JVM while open (any level, messages formatted, with their exceptions), to search for leaks. */
public final class CapturedLogs extends Handler implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> categories = new CopyOnWriteArrayList<>();

  public static CapturedLogs start() {
    var logs = new CapturedLogs();
    logs.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(logs);
    return logs;
  }

  @Override
  public void publish(LogRecord record) {
    var text = new StringBuilder(String.valueOf(record.getMessage()));
    if (record.getParameters() != null) {
      for (Object p : record.getParameters()) {
        text.append(' ').append(p);
      }
    }
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      text.append(' ').append(t);
    }
    synchronized (this) { // the two lists stay index-aligned
      categories.add(String.valueOf(record.getLoggerName()));
      lines.add(text.toString());
    }
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines logged in this category (exactly, not its children). */
  public synchronized List<String> lines(String category) {
    List<String> found = new java.util.ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (categories.get(i).equals(category)) {
        found.add(lines.get(i));
      }
    }
    return found;
  }

  public boolean contains(String needle) {
    return lines.stream().anyMatch(l -> l.contains(needle));
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
