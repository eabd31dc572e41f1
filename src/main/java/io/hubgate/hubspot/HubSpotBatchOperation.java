package io.hubgate.hubspot;

/**
 * The batch endpoints the gateway calls itself, and whether a resend after a lost answer is safe.
 * <p>
 * Create and associate are not idempotent here: a resend of a create makes a second record, and the gateway never
 * resends a call whose outcome is unknown. Read is. Upsert (by a unique property), update (by record id) and archive
 * leave the same state when repeated, so they are retried under the policy; the coalescer keeps one record's writes in
 * order (never two inputs for one record in flight), so a resend cannot overtake a later write of the gateway's own.
 */
public enum HubSpotBatchOperation {
  READ("read", true),
  CREATE("create", false),
  UPDATE("update", true),
  UPSERT("upsert", true),
  ARCHIVE("archive", true),
  /** {@code POST /crm/v4/associations/{from}/{to}/batch/associate/default}. */
  ASSOCIATE_DEFAULT("associate/default", false);

  private final String segment;
  private final boolean idempotent;

  HubSpotBatchOperation(String segment, boolean idempotent) {
    this.segment = segment;
    this.idempotent = idempotent;
  }

  public boolean idempotent() {
    return idempotent;
  }

  /** The path HubSpot serves it at (for logs and problems). */
  public String path(String objectType, String toObjectType) {
    return this == ASSOCIATE_DEFAULT
        ? "/crm/v4/associations/" + objectType + "/" + toObjectType + "/batch/" + segment
        : "/crm/v3/objects/" + objectType + "/batch/" + segment;
  }
}
