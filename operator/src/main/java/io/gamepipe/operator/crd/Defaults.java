package io.gamepipe.operator.crd;

/** Default values, shared by the schema ({@code @Default}) and the Java model (the mock server does no defaulting). */
public final class Defaults {
  public static final String KAFKA_IMAGE = "apache/kafka:3.9.2";
  public static final String ZOOKEEPER_IMAGE = "zookeeper:3.8.4";
  public static final String HADOOP_IMAGE = "apache/hadoop:3.3.6";
  public static final String GAME_API_IMAGE = "gamepipe/game-api:0.1.0";
  public static final String SPARK_APP_IMAGE = "gamepipe/spark-app:0.1.0";
  public static final String OPERATOR_IMAGE = "gamepipe/operator:0.1.0";
  public static final String SPARK_VERSION = "3.5.7";
  public static final String TOPIC = "events";
  public static final String STORAGE = "1Gi";
  public static final String OUTPUT_ROOT = "/tmp";

  private Defaults() {
  }
}
