package io.playknn.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The paths of SageMaker's bring-your-own-container contract, read from an environment map (the
 * process environment in production, a map in tests, since Java cannot set environment variables).
 *
 * <ul>
 *   <li>{@code SM_INPUT_DIR} (default {@code /opt/ml/input}): its {@code
 *       config/hyperparameters.json} holds the hyperparameters, all values strings.
 *   <li>{@code SM_CHANNEL_TRAIN} (default {@code SM_INPUT_DIR/data/train}): the training data.
 *   <li>{@code SM_MODEL_DIR} (default {@code /opt/ml/model}): where training writes the model and
 *       serving reads it.
 *   <li>{@code SAGEMAKER_BIND_TO_PORT} (default 8080): the serving port.
 * </ul>
 *
 * @param env the environment variables
 */
record SageMaker(Map<String, String> env) {
  /** The model's file name inside the model directory. */
  static final String MODEL_FILE = "model.pknn";

  SageMaker {
    env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  Path inputDir() {
    return Path.of(env.getOrDefault("SM_INPUT_DIR", "/opt/ml/input"));
  }

  Path hyperparametersFile() {
    return Path.of(env.getOrDefault(
        "SM_INPUT_CONFIG_DIR", inputDir().resolve("config").toString()))
        .resolve("hyperparameters.json");
  }

  Path trainChannel() {
    return Path.of(env.getOrDefault("SM_CHANNEL_TRAIN", inputDir().resolve("data/train").toString()));
  }

  Path modelDir() {
    return Path.of(env.getOrDefault("SM_MODEL_DIR", "/opt/ml/model"));
  }

  int port() {
    String p = env.getOrDefault("SAGEMAKER_BIND_TO_PORT", "8080");
    try {
      return Integer.parseInt(p.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SAGEMAKER_BIND_TO_PORT must be a port number, was \"" + p + "\"", e);
    }
  }

  /**
   * Reads the hyperparameters file if it exists. SageMaker writes every value as a JSON string;
   * numbers and booleans are accepted too and turned into their text.
   *
   * @return name → value, empty if the file does not exist
   * @throws IOException if the file exists but cannot be read or is not a JSON object of scalars
   */
  Map<String, String> hyperparameters() throws IOException {
    Path file = hyperparametersFile();
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new IOException(file + ": must be a JSON object of name: value, was " + json);
    }
    for (Map.Entry<String, JsonNode> e : json.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new IOException(file + ": value of \"" + e.getKey() + "\" must be a string, was " + e.getValue());
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}
