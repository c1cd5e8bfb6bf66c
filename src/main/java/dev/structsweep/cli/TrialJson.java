package dev.structsweep.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.structsweep.net.Adam;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.History;
import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.EpsilonEvaluation;
import dev.structsweep.task.TaskMetrics;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ejml.data.DMatrixRMaj;

/**
 * The whole trial as JSON, enough to replay it in PyTorch or NumPy (format in docs/dump.md). Numbers are
 * float64 written exactly (shortest round-tripping decimal); a NaN or infinite value is written as null.
 */
final class TrialJson {
  static final String FORMAT = "structsweep-trial/1";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TrialJson() {}

  /** Writes to a temporary file beside target and moves it into place, so a failed write leaves nothing. */
  static void write(TrialOutcome outcome, Path target) throws IOException {
    try {
      writeAtomically(outcome, target.toAbsolutePath());
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + e.getClass().getSimpleName() + " "
          + e.getMessage(), e);
    }
  }

  private static void writeAtomically(TrialOutcome outcome, Path absolute) throws IOException {
    Path directory = absolute.getParent();
    Files.createDirectories(directory);
    Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
    try {
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);
      MAPPER.writer(printer).writeValue(temporary.toFile(), toJson(outcome));
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  static ObjectNode toJson(TrialOutcome outcome) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", Main.version());
    root.set("config", config(outcome.spec()));
    ObjectNode data = root.putObject("data");
    data.set("train", dataset(outcome.train()));
    data.set("test", dataset(outcome.test()));
    root.set("init", network(outcome.initial()));
    root.set("final", network(outcome.training().network()));
    root.set("history", history(outcome.training().history()));
    root.set("metrics", metrics(outcome));
    return root;
  }

  /**
   * Every setting of {@link Settings} by its name ("learningRate"; "solved.accuracy" nests), then what follows
   * from them: the layers, Adam's constants, the loss.
   */
  private static ObjectNode config(TrialSpec spec) {
    ObjectNode config = MAPPER.createObjectNode();
    for (Setting<?> setting : Settings.ALL) {
      ObjectNode parent = config;
      String[] path = setting.name().split("\\.");
      for (int i = 0; i < path.length - 1; i++) {
        parent = parent.has(path[i]) ? (ObjectNode) parent.get(path[i]) : parent.putObject(path[i]);
      }
      parent.set(path[path.length - 1], MAPPER.valueToTree(setting.cell(spec)));
    }
    ArrayNode layers = config.putArray("layers");
    for (int size : spec.topology().layerSizes()) {
      layers.add(size);
    }
    if (spec.optimizer() == OptimizerKind.ADAM) {
      ObjectNode adam = config.putObject("adam");
      adam.put("beta1", Adam.DEFAULT_BETA1);
      adam.put("beta2", Adam.DEFAULT_BETA2);
      adam.put("eps", Adam.DEFAULT_EPSILON);
    }
    config.put("loss", spec.createTask().loss().key());
    return config;
  }

  private static ObjectNode dataset(Dataset dataset) {
    ObjectNode node = MAPPER.createObjectNode();
    node.set("x", rows(dataset.inputs()));
    node.set("y", rows(dataset.targets()));
    return node;
  }

  private static ObjectNode network(Network network) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode layers = node.putArray("layers");
    for (int k = 0; k < network.topology().weightLayers(); k++) {
      ObjectNode layer = layers.addObject();
      layer.set("weights", rows(network.weights(k)));
      ArrayNode biases = layer.putArray("biases");
      DMatrixRMaj b = network.biases(k);
      for (int i = 0; i < b.getNumElements(); i++) {
        add(biases, b.data[i]);
      }
    }
    Topology topology = network.topology();
    if (topology.matrices() > topology.weightLayers()) {
      // The repository's hidden-to-hidden edges: counted and rounded, never read by the forward pass.
      node.set("idle", rows(network.weights(topology.weightLayers())));
    }
    return node;
  }

  private static ObjectNode history(History history) {
    ObjectNode node = MAPPER.createObjectNode();
    ArrayNode epochs = node.putArray("epoch");
    ArrayNode loss = node.putArray("loss");
    ArrayNode taskLoss = node.putArray("taskLoss");
    ArrayNode activeEdges = node.putArray("activeEdges");
    for (int i = 0; i < history.size(); i++) {
      epochs.add(history.epochs()[i]);
      add(loss, history.loss()[i]);
      add(taskLoss, history.taskLoss()[i]);
      activeEdges.add(history.activeEdges()[i]);
    }
    return node;
  }

  private static ObjectNode metrics(TrialOutcome outcome) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("diverged", outcome.diverged());
    node.put("epochsCompleted", outcome.training().epochsCompleted());
    node.put("edges", outcome.edges());
    node.put("trainingMillis", outcome.trainingNanos() / 1e6);
    add(node, "lossTailChange", outcome.training().lossTailChange());
    node.set("denseTrain", taskMetrics(outcome.denseTrain()));
    node.set("denseTest", taskMetrics(outcome.denseTest()));
    ArrayNode pruned = node.putArray("pruned");
    for (EpsilonEvaluation evaluation : outcome.evaluations()) {
      ObjectNode entry = pruned.addObject();
      entry.put("epsilon", evaluation.epsilon());
      entry.put("activeEdges", evaluation.activeEdges());
      add(entry, "sparsity", evaluation.sparsity());
      entry.put("deadHiddenUnits", evaluation.deadHiddenUnits());
      entry.set("test", taskMetrics(evaluation.prunedTest()));
      entry.put("solved", evaluation.solved());
      entry.put("outcome", evaluation.outcome().key());
      if (evaluation.corners() != null) {
        entry.put("corners", evaluation.corners());
      }
      if (evaluation.atMinimum() != null) {
        entry.put("atMinimum", evaluation.atMinimum());
      }
      retrained(entry, "fineTuned", evaluation.fineTuned());
      retrained(entry, "ticket", evaluation.ticket());
      shrunk(entry, "reduced", evaluation.reduced());
      shrunk(entry, "magnitude", evaluation.magnitude());
    }
    return node;
  }

  /** A structure shrunk by retraining: its edges, retrainings, test metrics and network; absent when none. */
  private static void shrunk(ObjectNode entry, String name, dev.structsweep.task.Reduced shrunk) {
    if (shrunk != null) {
      ObjectNode node = entry.putObject(name);
      node.put("edges", shrunk.edges());
      node.put("attempts", shrunk.attempts());
      node.set("test", taskMetrics(shrunk.test()));
      node.set("network", network(shrunk.network()));
    }
  }

  /** A retraining's test metrics and whether it solves the task; absent when nothing was retrained. */
  private static void retrained(ObjectNode entry, String name, dev.structsweep.task.Retrained retrained) {
    if (retrained != null) {
      ObjectNode node = entry.putObject(name);
      node.set("test", taskMetrics(retrained.test()));
      node.put("solved", retrained.solved());
      node.put("diverged", retrained.diverged());
    }
  }

  private static ObjectNode taskMetrics(TaskMetrics metrics) {
    ObjectNode node = MAPPER.createObjectNode();
    add(node, "loss", metrics.loss());
    add(node, "accuracy", metrics.accuracy());
    add(node, "mse", metrics.mse());
    add(node, "mae", metrics.mae());
    add(node, "r2", metrics.r2());
    return node;
  }

  /** Rows of m as arrays: samples for data sets, target nodes for weights. */
  private static ArrayNode rows(DMatrixRMaj m) {
    ArrayNode rows = MAPPER.createArrayNode();
    for (int i = 0; i < m.numRows; i++) {
      ArrayNode row = rows.addArray();
      for (int j = 0; j < m.numCols; j++) {
        add(row, m.get(i, j));
      }
    }
    return rows;
  }

  private static void add(ArrayNode array, double value) {
    if (Double.isFinite(value)) {
      array.add(value);
    } else {
      array.addNull();
    }
  }

  private static void add(ObjectNode object, String field, double value) {
    if (Double.isFinite(value)) {
      object.put(field, value);
    } else {
      object.putNull(field);
    }
  }
}
