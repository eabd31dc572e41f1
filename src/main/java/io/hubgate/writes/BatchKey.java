package io.hubgate.writes;

import java.util.List;
import java.util.Objects;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.ratelimit.Lane;

/**
 * What inputs must share to go out in one HubSpot batch: portal, object type, operation, the lane whose budget the
 * batch draws on (interactive callers never wait behind bulk ones), for reads the {@code properties},
 * {@code propertiesWithHistory} and {@code idProperty} asked for (they are batch-wide in HubSpot's request), for
 * associations the target type, and the API version of the caller's path ({@code apiVersion}: null for the legacy
 * {@code /crm/v3}, {@code /crm/v4} paths, else the date, e.g. {@code 2026-03}).
 */
public record BatchKey(long portalId, String objectType, HubSpotBatchOperation operation, Lane lane,
    String toObjectType, List<String> properties, List<String> propertiesWithHistory, String idProperty,
    String apiVersion) {

  public BatchKey {
    Objects.requireNonNull(objectType, "objectType");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(lane, "lane");
    properties = properties == null ? List.of() : List.copyOf(properties);
    propertiesWithHistory = propertiesWithHistory == null ? List.of() : List.copyOf(propertiesWithHistory);
    if (operation == HubSpotBatchOperation.ASSOCIATE_DEFAULT && toObjectType == null) {
      throw new IllegalArgumentException("an association needs the target object type");
    }
  }

  /** Create, update, upsert or archive of one object type (per-input {@code idProperty} travels in the input). */
  public static BatchKey write(long portalId, String objectType, HubSpotBatchOperation operation, Lane lane) {
    return write(portalId, objectType, operation, lane, null);
  }

  public static BatchKey write(long portalId, String objectType, HubSpotBatchOperation operation, Lane lane,
      String apiVersion) {
    if (operation == HubSpotBatchOperation.READ || operation == HubSpotBatchOperation.ASSOCIATE_DEFAULT) {
      throw new IllegalArgumentException(operation + " is not a record write");
    }
    return new BatchKey(portalId, objectType, operation, lane, null, null, null, null, apiVersion);
  }

  public static BatchKey read(long portalId, String objectType, Lane lane, List<String> properties,
      List<String> propertiesWithHistory, String idProperty) {
    return read(portalId, objectType, lane, properties, propertiesWithHistory, idProperty, null);
  }

  public static BatchKey read(long portalId, String objectType, Lane lane, List<String> properties,
      List<String> propertiesWithHistory, String idProperty, String apiVersion) {
    return new BatchKey(portalId, objectType, HubSpotBatchOperation.READ, lane, null, properties,
        propertiesWithHistory, idProperty, apiVersion);
  }

  public static BatchKey associate(long portalId, String fromObjectType, String toObjectType, Lane lane) {
    return associate(portalId, fromObjectType, toObjectType, lane, null);
  }

  public static BatchKey associate(long portalId, String fromObjectType, String toObjectType, Lane lane,
      String apiVersion) {
    return new BatchKey(portalId, fromObjectType, HubSpotBatchOperation.ASSOCIATE_DEFAULT, lane, toObjectType, null,
        null, null, apiVersion);
  }

  /** HubSpot's cap: 100 inputs, 50 when property histories are read. */
  int maxInputs(int configured) {
    return propertiesWithHistory.isEmpty() ? configured : Math.min(configured, 50);
  }

  boolean isWrite() {
    return operation == HubSpotBatchOperation.CREATE || operation == HubSpotBatchOperation.UPDATE
        || operation == HubSpotBatchOperation.UPSERT;
  }
}
