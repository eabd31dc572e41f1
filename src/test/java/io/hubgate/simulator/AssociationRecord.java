package io.hubgate.simulator;

/** One direction of a stored association between two records. */
public record AssociationRecord(String fromTypeId, String fromId, String toTypeId, String toId,
    String category, int typeId) {}
