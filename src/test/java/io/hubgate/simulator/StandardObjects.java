package io.hubgate.simulator;

import static io.hubgate.simulator.PropertyDefinition.datetime;
import static io.hubgate.simulator.PropertyDefinition.enumeration;
import static io.hubgate.simulator.PropertyDefinition.number;
import static io.hubgate.simulator.PropertyDefinition.string;

import java.util.ArrayList;
import java.util.List;

/** HubSpot's built-in object types (HUBSPOT.md §3.1) and a realistic subset of their properties. */
final class StandardObjects {

  private StandardObjects() {
  }

  private static final String CONTACTS_SCOPE = "crm.objects.contacts";

  static final List<ObjectType> TYPES = List.of(
      new ObjectType("contacts", "0-1", "CONTACT", "contact", CONTACTS_SCOPE, List.of(),
          List.of("createdate", "email", "firstname", "lastname", "hs_object_id", "lastmodifieddate")),
      new ObjectType("companies", "0-2", "COMPANY", "company", "crm.objects.companies",
          List.of(List.of("domain", "name")),
          List.of("createdate", "domain", "name", "hs_lastmodifieddate", "hs_object_id")),
      new ObjectType("deals", "0-3", "DEAL", "deal", "crm.objects.deals",
          List.of(List.of("dealname"), List.of("dealstage"), List.of("pipeline")),
          List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
              "hs_object_id", "pipeline")),
      new ObjectType("tickets", "0-5", "TICKET", "ticket", "tickets",
          List.of(List.of("subject"), List.of("hs_pipeline"), List.of("hs_pipeline_stage")),
          List.of("content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline",
              "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject")),
      new ObjectType("products", "0-7", "PRODUCT", "product", "e-commerce", List.of(),
          List.of("createdate", "description", "hs_lastmodifieddate", "hs_object_id", "name", "price")),
      new ObjectType("line_items", "0-8", "LINE_ITEM", "line_item", "e-commerce", List.of(),
          List.of("createdate", "hs_lastmodifieddate", "hs_object_id", "hs_product_id", "name", "price",
              "quantity")),
      engagement("notes", "0-46", "NOTE", "note", List.of()),
      engagement("meetings", "0-47", "MEETING", "meeting", List.of()),
      engagement("calls", "0-48", "CALL", "call", List.of()),
      engagement("emails", "0-49", "EMAIL", "email", List.of(List.of("hs_email_direction"))),
      engagement("tasks", "0-27", "TASK", "task", List.of()));

  /** Engagements need {@code hs_timestamp}; HubSpot guards them with the contacts scopes. */
  private static ObjectType engagement(String name, String typeId, String singular, String association,
      List<List<String>> extraRequired) {
    List<List<String>> required = new ArrayList<>();
    required.add(List.of("hs_timestamp"));
    required.addAll(extraRequired);
    return new ObjectType(name, typeId, singular, association, CONTACTS_SCOPE, List.copyOf(required),
        List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id", "hs_timestamp"));
  }

  /** Properties every type has and no caller may write. */
  static List<PropertyDefinition> systemProperties(ObjectType type) {
    List<PropertyDefinition> system = new ArrayList<>();
    system.add(number("hs_object_id").readOnly());
    system.add(datetime("createdate").readOnly());
    system.add(datetime("hs_createdate").readOnly());
    system.add(datetime(type.modifiedProperty()).readOnly());
    system.add(string("hubspot_owner_id"));
    system.add(string("hs_merged_object_ids").readOnly());
    return system;
  }

  static List<PropertyDefinition> properties(ObjectType type) {
    List<PropertyDefinition> all = new ArrayList<>(systemProperties(type));
    all.addAll(switch (type.name()) {
      case "contacts" -> List.of(string("email"), string("firstname"), string("lastname"), string("phone"),
          string("company"), string("website"), string("jobtitle"), string("city"), string("state"),
          string("country"), string("zip"), string("address"),
          enumeration("lifecyclestage", "subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
              "opportunity", "customer", "evangelist", "other"),
          enumeration("hs_lead_status", "NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED",
              "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"));
      case "companies" -> List.of(string("name"), string("domain"), string("industry"), string("phone"),
          string("city"), string("state"), string("country"), number("numberofemployees"),
          number("annualrevenue"), string("description"),
          enumeration("lifecyclestage", "subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
              "opportunity", "customer", "evangelist", "other"));
      case "deals" -> List.of(string("dealname"), enumeration("dealstage"), enumeration("pipeline"),
          number("amount"), datetime("closedate"), string("description"),
          enumeration("dealtype", "newbusiness", "existingbusiness"));
      case "tickets" -> List.of(string("subject"), string("content"), enumeration("hs_pipeline"),
          enumeration("hs_pipeline_stage"), enumeration("hs_ticket_priority", "LOW", "MEDIUM", "HIGH", "URGENT"),
          enumeration("hs_ticket_category", "PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY"));
      case "products" -> List.of(string("name"), number("price"), string("description"), string("hs_sku"),
          number("hs_cost_of_goods_sold"), enumeration("hs_recurring_billing_period"));
      case "line_items" -> List.of(string("name"), number("price"), number("quantity"), number("amount"),
          string("hs_product_id"), string("hs_sku"), number("discount"));
      case "notes" -> List.of(datetime("hs_timestamp"), string("hs_note_body"), string("hs_attachment_ids"));
      case "calls" -> List.of(datetime("hs_timestamp"), string("hs_call_title"), string("hs_call_body"),
          number("hs_call_duration"), enumeration("hs_call_direction", "INBOUND", "OUTBOUND"),
          enumeration("hs_call_status", "BUSY", "CALLING_CRM_USER", "CANCELED", "COMPLETED", "CONNECTING",
              "FAILED", "IN_PROGRESS", "NO_ANSWER", "QUEUED", "RINGING"),
          string("hs_call_from_number"), string("hs_call_to_number"));
      case "meetings" -> List.of(datetime("hs_timestamp"), string("hs_meeting_title"), string("hs_meeting_body"),
          datetime("hs_meeting_start_time"), datetime("hs_meeting_end_time"), string("hs_meeting_location"),
          enumeration("hs_meeting_outcome", "SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"));
      case "emails" -> List.of(datetime("hs_timestamp"), string("hs_email_subject"), string("hs_email_text"),
          string("hs_email_html"),
          enumeration("hs_email_direction", "EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL"),
          enumeration("hs_email_status", "BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT"),
          string("hs_email_headers"));
      case "tasks" -> List.of(datetime("hs_timestamp"), string("hs_task_subject"), string("hs_task_body"),
          enumeration("hs_task_status", "WAITING", "NOT_STARTED", "IN_PROGRESS", "COMPLETED", "DEFERRED"),
          enumeration("hs_task_priority", "LOW", "MEDIUM", "HIGH", "NONE"),
          enumeration("hs_task_type", "EMAIL", "CALL", "TODO"));
      default -> List.of();
    });
    return all;
  }
}
