package io.hubgate.portals.oauth;

import io.vertx.core.json.JsonObject;

/**
 * A portal's OAuth tokens as stored: access and refresh token sealed by {@link TokenCipher}, times in epoch
 * milliseconds of the gateway's clock, the app id from HubSpot's token information, and whether HubSpot refused the
 * refresh token (then the tokens are gone and the portal needs a new install).
 */
record TokenRecord(String sealedAccess, String sealedRefresh, long issuedAtMs, long expiresAtMs, String appId,
    boolean reauthorizationNeeded) {

  static TokenRecord fromJson(String json) {
    JsonObject o = new JsonObject(json);
    return new TokenRecord(o.getString("access"), o.getString("refresh"), o.getLong("issuedAt", 0L),
        o.getLong("expiresAt", 0L), o.getString("appId"), o.getBoolean("reauth", false));
  }

  /** Without the sealed tokens. */
  @Override
  public String toString() {
    return "TokenRecord[sealedAccess=" + (sealedAccess == null ? "null" : "***") + ", sealedRefresh="
        + (sealedRefresh == null ? "null" : "***") + ", issuedAtMs=" + issuedAtMs + ", expiresAtMs=" + expiresAtMs
        + ", appId=" + appId + ", reauthorizationNeeded=" + reauthorizationNeeded + "]";
  }

  String toJson() {
    return new JsonObject()
        .put("v", 1)
        .put("access", sealedAccess)
        .put("refresh", sealedRefresh)
        .put("issuedAt", issuedAtMs)
        .put("expiresAt", expiresAtMs)
        .put("appId", appId)
        .put("reauth", reauthorizationNeeded)
        .encode();
  }
}
