package io.hubgate.simulator;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * HubSpot-defined association type ids, by direction (HUBSPOT.md §4). The default (unlabelled) type of a
 * pair is the one {@code associations/default} writes; primary types are accepted on inline associations.
 */
final class AssociationTypes {

  /** One direction of an association type: which types it connects. */
  record Direction(String fromTypeId, String toTypeId, int typeId) {}

  private static final Map<String, int[]> DEFAULTS = new HashMap<>();
  private static final Map<Integer, Direction> BY_ID = new HashMap<>();
  private static final Map<Integer, Integer> REVERSE = new HashMap<>();
  private static final Map<String, Integer> PRIMARY = new HashMap<>();

  static {
    pair("0-1", "0-2", 279, 280, true);
    pair("0-1", "0-2", 1, 2, false);
    pair("0-1", "0-3", 4, 3, true);
    pair("0-1", "0-5", 15, 16, true);
    pair("0-3", "0-2", 341, 342, true);
    pair("0-3", "0-2", 5, 6, false);
    pair("0-5", "0-2", 339, 340, true);
    pair("0-3", "0-5", 27, 28, true);
    pair("0-3", "0-8", 19, 20, true);
    pair("0-46", "0-1", 202, 201, true);
    pair("0-46", "0-2", 190, 189, true);
    pair("0-46", "0-3", 214, 213, true);
    pair("0-46", "0-5", 228, 227, true);
    pair("0-48", "0-1", 194, 193, true);
    pair("0-49", "0-1", 198, 197, true);
    pair("0-47", "0-1", 200, 199, true);
    pair("0-27", "0-1", 204, 203, true);
    pair("0-48", "0-2", 182, 181, true);
    pair("0-49", "0-2", 186, 185, true);
    pair("0-47", "0-2", 188, 187, true);
    pair("0-27", "0-2", 192, 191, true);
    pair("0-48", "0-3", 206, 205, true);
    pair("0-49", "0-3", 210, 209, true);
    pair("0-47", "0-3", 212, 211, true);
    pair("0-27", "0-3", 216, 215, true);
    pair("0-48", "0-5", 220, 219, true);
    pair("0-49", "0-5", 224, 223, true);
    pair("0-47", "0-5", 226, 225, true);
    pair("0-27", "0-5", 230, 229, true);
    pair("0-1", "0-1", 449, 449, true);
    pair("0-2", "0-2", 450, 450, true);
  }

  private AssociationTypes() {
  }

  private static void pair(String from, String to, int forward, int reverse, boolean isDefault) {
    if (isDefault) {
      DEFAULTS.put(from + "|" + to, new int[] {forward, reverse});
      DEFAULTS.put(to + "|" + from, new int[] {reverse, forward});
    } else {
      PRIMARY.put(from + "|" + to, forward);
      PRIMARY.put(to + "|" + from, reverse);
    }
    BY_ID.put(forward, new Direction(from, to, forward));
    BY_ID.putIfAbsent(reverse, new Direction(to, from, reverse));
    REVERSE.put(forward, reverse);
    REVERSE.put(reverse, forward);
  }

  /** The default type ids {from→to, to→from}, if HubSpot defines a default for the pair. */
  static Optional<int[]> defaults(String fromTypeId, String toTypeId) {
    return Optional.ofNullable(DEFAULTS.get(fromTypeId + "|" + toTypeId));
  }

  /** The "Primary" type id from one type to the other (contact→company, deal→company, ...), if any. */
  static Optional<Integer> primary(String fromTypeId, String toTypeId) {
    return Optional.ofNullable(PRIMARY.get(fromTypeId + "|" + toTypeId));
  }

  static Optional<Direction> byId(int typeId) {
    return Optional.ofNullable(BY_ID.get(typeId));
  }

  /** The type id of the opposite direction, which HubSpot writes together with the given one. */
  static int reverse(int typeId) {
    return REVERSE.getOrDefault(typeId, typeId);
  }
}
