package org.gradcheck.registry;

import org.apiguardian.api.API;

/**
 * Two rules with the same name were registered. The message names the rule and both sources (a
 * provider class or programmatic registration); rename one, e.g. with {@link
 * GradientRule#derive(String)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class DuplicateRuleException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String ruleName;

  /** Creates the exception for {@code ruleName}, first registered by {@code first}. */
  public DuplicateRuleException(String ruleName, String first, String second) {
    super(
        "rule '"
            + ruleName
            + "' is registered twice: first by "
            + first
            + ", again by "
            + second
            + "; rule names must be unique");
    this.ruleName = ruleName;
  }

  /** The duplicated name. */
  public String ruleName() {
    return ruleName;
  }
}
