package io.hubgate.access;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * In dev mode, tells a newcomer how to call the protected API: a token from {@code bin/dev-token}, signed with the
 * committed dev-only key that only the dev profile trusts. Never an open API.
 */
@ApplicationScoped
class DevTokenHint {

  void onStart(@Observes StartupEvent event, @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
    if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
      return;
    }
    Log.info("Local token: bin/dev-token [--portals '1,2'|'*'] [--scopes 'hubspot.read hubspot.write hubgate.admin'] "
        + "(dev-only key; the dev profile alone trusts it). Try: "
        + "curl -N -H \"Authorization: Bearer $(bin/dev-token)\" localhost:" + port + "/events");
  }
}
