package io.hubgate.hubspot;

import java.util.Locale;

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

  /** How metrics, spans and the console name it: {@code create}, {@code associate_default}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean idempotent() {
    return idempotent;
  }

  /** The path's last segment(s) after {@code /batch/}. */
  String segment() {
    return segment;
  }

  /**
   * The path HubSpot serves it at: {@code /crm/v3/objects/...} and {@code /crm/v4/associations/...}, or with an
   * {@code apiVersion} (e.g. {@code 2026-03}) the date-versioned {@code /crm/objects/{version}/...} and
   * {@code /crm/associations/{version}/...}.
   */
  public String path(String apiVersion, String objectType, String toObjectType) {
    if (this == ASSOCIATE_DEFAULT) {
      String base = apiVersion == null ? "/crm/v4/associations/" : "/crm/associations/" + apiVersion + "/";
      return base + objectType + "/" + toObjectType + "/batch/" + segment;
    }
    String base = apiVersion == null ? "/crm/v3/objects/" : "/crm/objects/" + apiVersion + "/";
    return base + objectType + "/batch/" + segment;
  }

  /** The two segments after {@code /crm/} in {@link #path}: {@code v3/objects}, {@code objects/2026-03}, ... */
  String[] root(String apiVersion) {
    String family = this == ASSOCIATE_DEFAULT ? "associations" : "objects";
    return apiVersion == null
        ? new String[] {this == ASSOCIATE_DEFAULT ? "v4" : "v3", family}
        : new String[] {family, apiVersion};
  }
}
