package io.gamepipe.operator.builders;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.gamepipe.operator.crd.GamePipeline;

/** The identity of the Spark drivers: they create and delete their executor pods and services. */
public final class SparkRbacBuilder {
  public static final String COMPONENT = "spark";

  private SparkRbacBuilder() {
  }

  public static ServiceAccount serviceAccount(GamePipeline cr) {
    return new ServiceAccountBuilder().withMetadata(Ownership.meta(cr, Names.spark(cr), COMPONENT)).build();
  }

  public static Role role(GamePipeline cr) {
    return new RoleBuilder()
        .withMetadata(Ownership.meta(cr, Names.spark(cr), COMPONENT))
        .withRules(new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("pods", "services", "configmaps", "persistentvolumeclaims")
            .withVerbs("create", "get", "list", "watch", "update", "patch", "delete", "deletecollection")
            .build())
        .build();
  }

  public static RoleBinding roleBinding(GamePipeline cr) {
    return new RoleBindingBuilder()
        .withMetadata(Ownership.meta(cr, Names.spark(cr), COMPONENT))
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(Names.spark(cr))
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(Names.spark(cr))
        .withNamespace(cr.getMetadata().getNamespace()).endSubject()
        .build();
  }
}
