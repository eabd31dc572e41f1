package io.hubgate.ratelimit;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;

/** Schedules a caller at its slot: a timer, never a loop. */
@FunctionalInterface
interface SlotTimer {

  Uni<Void> after(long micros);

  /** A Vert.x timer, rounded up to the millisecond (later is safe; the margin δ absorbs it). */
  static SlotTimer vertx(Vertx vertx) {
    return micros -> {
      if (micros <= 0) {
        return Uni.createFrom().voidItem();
      }
      long ms = (micros + 999) / 1_000;
      return Uni.createFrom().emitter(e -> vertx.setTimer(ms, id -> e.complete(null)));
    };
  }

  /**
   * Mutiny's default scheduler, for the embedded limiter that may run without a Vert.x instance; rounded up to the
   * millisecond too: on a Vert.x thread Quarkus' scheduler is a Vert.x timer, which refuses a delay under 1 ms.
   */
  static SlotTimer mutiny() {
    return micros -> micros <= 0
        ? Uni.createFrom().voidItem()
        : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis((micros + 999) / 1_000));
  }
}
