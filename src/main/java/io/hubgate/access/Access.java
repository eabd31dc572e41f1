package io.hubgate.access;

/** What a caller wants to do for a portal, and the token scope it needs. */
public enum Access {
  READ("hubspot.read"),
  WRITE("hubspot.write"),
  /** Operating the gateway itself, such as installing the HubSpot app ({@code GET /oauth/install}). */
  ADMIN("hubgate.admin");

  private final String scope;

  Access(String scope) {
    this.scope = scope;
  }

  public String scope() {
    return scope;
  }
}
