package io.hubgate.simulator;

import java.util.Map;
import java.util.Optional;

/** HubSpot's create conflicts: a contact whose email another contact already has. */
final class Conflicts {

  private Conflicts() {
  }

  static Optional<CrmRecord> existingContact(PortalCrm crm, ObjectType type, Map<String, String> values) {
    String email = values.get("email");
    if (!type.isContact() || email == null || email.isEmpty()) {
      return Optional.empty();
    }
    return crm.findBy(type, "email", email);
  }
}
