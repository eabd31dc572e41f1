package io.hubgate.webhook;

/** HubSpot's request-signature versions, oldest first (their order is used for the configured minimum). */
public enum SignatureVersion {
  V1, V2, V3;

  /** Parses the {@code X-HubSpot-Signature-Version} header ({@code v1}/{@code v2}); v1 when absent, as HubSpot's CRM webhooks send. */
  static SignatureVersion ofHeader(String header) {
    if (header == null || header.isBlank()) {
      return V1;
    }
    return switch (header.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "v1" -> V1;
      case "v2" -> V2;
      default -> null;
    };
  }
}
