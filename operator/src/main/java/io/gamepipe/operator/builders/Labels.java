package io.gamepipe.operator.builders;

import io.gamepipe.operator.crd.GamePipeline;
import java.util.LinkedHashMap;
import java.util.Map;

/** The app.kubernetes.io labels every owned object carries; informers select on MANAGED_BY. */
public final class Labels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String PART_OF = "app.kubernetes.io/part-of";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String OPERATOR = "gamepipe-operator";
  public static final String SELECTOR = MANAGED_BY + "=" + OPERATOR;

  private Labels() {
  }

  /** Labels that select the pods of one component of one pipeline (stable: used in selectors). */
  public static Map<String, String> selector(GamePipeline cr, String component) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, component);
    labels.put(INSTANCE, cr.getMetadata().getName());
    return labels;
  }

  public static Map<String, String> of(GamePipeline cr, String component) {
    Map<String, String> labels = selector(cr, component);
    labels.put(COMPONENT, component);
    labels.put(PART_OF, "gamepipe");
    labels.put(MANAGED_BY, OPERATOR);
    return labels;
  }
}
