package io.hubgate.webhook;

/**
 * What a signature covers, exactly as received: the method, the URI HubSpot called (scheme, host, path, query), the raw
 * body bytes and the signature headers. Never logged: it carries signatures.
 */
record SignedRequest(String method, String uri, byte[] body, String signatureV3, String timestamp, String signature,
    String signatureVersion) {
}
