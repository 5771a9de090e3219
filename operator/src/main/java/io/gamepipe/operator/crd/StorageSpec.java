package io.gamepipe.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  @JsonPropertyDescription("Size of the PersistentVolumeClaim of each pod, e.g. 1Gi. Fixed once created (StatefulSet claims are immutable).")
  @Default(Defaults.STORAGE)
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
  public String size = Defaults.STORAGE;

  @JsonPropertyDescription("StorageClass of the claims; empty uses the cluster's default class.")
  public String storageClassName;
}
