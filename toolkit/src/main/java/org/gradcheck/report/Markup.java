package org.gradcheck.report;

/** Escaping of text for HTML, SVG and XML, and removal of characters XML 1.0 cannot hold. */
final class Markup {
  private Markup() {}

  /** {@code s} with {@code & < > " '} escaped and XML-illegal control characters removed. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
