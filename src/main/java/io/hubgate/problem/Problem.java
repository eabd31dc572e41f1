package io.hubgate.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json}. {@code detail} never carries a secret, token or
 * signature.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String correlationId) {

  public static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://hubgate.io/problems/";
}
