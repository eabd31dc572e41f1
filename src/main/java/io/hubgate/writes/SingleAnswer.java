package io.hubgate.writes;

import io.vertx.core.json.JsonObject;

/**
 * What HubSpot's single-record endpoint would have answered one caller: 201 and the object for a create, 200 for a
 * read or update, 204 (no body) for an archive, 404/400/409 with a HubSpot error body for that caller's input only.
 */
public record SingleAnswer(int status, JsonObject body) {

  static SingleAnswer noContent() {
    return new SingleAnswer(204, null);
  }
}
