package io.hubgate.hubspot;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A HubSpot path with its identifiers replaced by placeholders, for logs: {@code /crm/v3/objects/contacts/123} becomes
 * {@code /crm/v3/objects/contacts/{id}}. It errs on the side of hiding: in the CRM object paths (legacy
 * {@code /crm/v3|v4/objects/...} and date-versioned {@code /crm/objects/{version}/...}) the record positions are always
 * placeholders, whatever they hold (an id, or an email with {@code idProperty}), unless they hold one of the verbs
 * HubSpot puts there ({@code batch}, {@code search}, ...); anywhere else a segment is kept only when it is a plain
 * lower-case word ({@code properties}, {@code line_items}), a version ({@code v3}, {@code 2026-03}), or, right after
 * {@code objects}, an object type; everything else (numbers, mixed case, {@code @}, dots, escapes) is {@code {id}}.
 */
final class PathTemplate {

  private static final Pattern WORD = Pattern.compile("[a-z]+(?:[_-][a-z]+)*");
  private static final Pattern VERSION = Pattern.compile("v[0-9]{1,2}|20[0-9]{2}-[0-9]{2}(?:-beta)?");
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  /** What HubSpot serves where a record id could stand: {@code /crm/v3/objects/contacts/batch/read}, {@code .../search}. */
  private static final Set<String> VERBS = Set.of("batch", "search", "merge", "gdpr-delete");

  private PathTemplate() {
  }

  static String of(String path) {
    String[] s = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
    String[] out = new String[s.length];
    int type = typeIndex(s);
    for (int i = 0; i < s.length; i++) {
      out[i] = plain(s[i]) ? s[i] : "{id}";
    }
    if (type >= 0) {
      out[type] = TYPE.matcher(s[type]).matches() ? s[type] : "{objectType}";
      record(s, out, type + 1, "{id}");
      int assoc = type + 2;
      if (assoc < s.length && "associations".equals(s[assoc])) {
        int to = assoc + 1 < s.length && "default".equals(s[assoc + 1]) ? assoc + 2 : assoc + 1;
        if (to < s.length) {
          out[to] = TYPE.matcher(s[to]).matches() ? s[to] : "{toObjectType}";
        }
        record(s, out, to + 1, "{toId}");
      }
    }
    return "/" + String.join("/", out);
  }

  /** The object type's index in a CRM object path, or -1. */
  private static int typeIndex(String[] s) {
    if (s.length < 4 || !"crm".equals(s[0])) {
      return -1;
    }
    if ("objects".equals(s[2]) && VERSION.matcher(s[1]).matches()) {
      return 3; // crm/v3/objects/{type}
    }
    if ("objects".equals(s[1]) && VERSION.matcher(s[2]).matches()) {
      return 3; // crm/objects/2026-03/{type}
    }
    return -1;
  }

  private static void record(String[] s, String[] out, int index, String placeholder) {
    if (index < s.length) {
      out[index] = VERBS.contains(s[index]) ? s[index] : placeholder;
    }
  }

  private static boolean plain(String segment) {
    return WORD.matcher(segment).matches() || VERSION.matcher(segment).matches();
  }
}
