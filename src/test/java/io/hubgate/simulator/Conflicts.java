package io.hubgate.simulator;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** HubSpot's create conflicts: a contact whose email another contact already has. */
final class Conflicts {

  private Conflicts() {
  }

  /**
   * Emails that two inputs of one batch create share. HubSpot's answer is unpublished; the simulator answers
   * as for duplicate ids, so that two new contacts never share an email.
   */
  static List<String> repeatedEmails(ObjectType type, List<Map<String, String>> inputs) {
    if (!type.isContact()) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new LinkedHashSet<>();
    for (Map<String, String> values : inputs) {
      String email = values.get("email");
      if (email != null && !email.isEmpty() && !seen.add(email.toLowerCase(Locale.ROOT))) {
        repeated.add(email);
      }
    }
    return List.copyOf(repeated);
  }

  static Optional<CrmRecord> existingContact(PortalCrm crm, ObjectType type, Map<String, String> values) {
    String email = values.get("email");
    if (!type.isContact() || email == null || email.isEmpty()) {
      return Optional.empty();
    }
    return crm.findBy(type, "email", email);
  }
}
