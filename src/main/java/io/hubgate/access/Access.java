package io.hubgate.access;

/** What a caller wants to do for a portal, and the token scope it needs. */
public enum Access {
  READ("hubspot.read"),
  WRITE("hubspot.write");

  private final String scope;

  Access(String scope) {
    this.scope = scope;
  }

  public String scope() {
    return scope;
  }
}
