package io.hubgate.webhook;

/**
 * What a signature covers, exactly as received: the method, the URI HubSpot called (scheme, host, path, query), the raw
 * body bytes and the signature headers. Never logged: it carries signatures.
 */
record SignedRequest(String method, String uri, byte[] body, String signatureV3, String timestamp, String signature,
    String signatureVersion) {

  /** Without the signatures, and the body by its size only. */
  @Override
  public String toString() {
    return "SignedRequest[method=" + method + ", uri=" + uri + ", body=" + (body == null ? 0 : body.length) + " bytes"
        + ", signatureV3=" + (signatureV3 == null ? "null" : "***") + ", timestamp=" + timestamp + ", signature="
        + (signature == null ? "null" : "***") + ", signatureVersion=" + signatureVersion + "]";
  }
}
