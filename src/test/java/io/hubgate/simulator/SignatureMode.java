package io.hubgate.simulator;

/** Which signature headers a webhook request carries (HUBSPOT.md §1.1). */
public enum SignatureMode {
  /** {@code X-HubSpot-Signature} v1 with {@code X-HubSpot-Signature-Version: v1}. */
  V1,
  /** {@code X-HubSpot-Signature} v2 with {@code X-HubSpot-Signature-Version: v2} (workflows, CRM cards). */
  V2,
  /**
   * What HubSpot's CRM webhooks send an OAuth app: the v1 pair for backward compatibility plus
   * {@code X-HubSpot-Signature-v3} and {@code X-HubSpot-Request-Timestamp}.
   */
  V3
}
