package io.hubgate.writes;

/** What the coalescer reports (metrics); every method defaults to nothing. */
interface CoalescerListener {

  CoalescerListener NONE = new CoalescerListener() { };

  /** A batch request went to HubSpot with this many inputs ({@code isolation}: sent to single out a bad input). */
  default void batchSent(long portalId, int inputs, boolean isolation) {
  }

  /** A portal's coalescer started; {@code depth} reads how many inputs wait in its queue. */
  default void portalStarted(long portalId, java.util.function.IntSupplier depth) {
  }

  /** A caller was refused because the portal's queue was full. */
  default void rejected(long portalId) {
  }
}
