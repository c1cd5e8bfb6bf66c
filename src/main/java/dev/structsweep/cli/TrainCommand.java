package dev.structsweep.cli;

import com.typesafe.config.Config;
import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.task.SolvedThresholds;
import dev.structsweep.task.TrialSpec;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TrainingMemory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code structsweep train}: one trial, a short human summary, and optionally the whole trial as JSON. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Trains one network and prints its metrics and surviving edges.",
        "Defaults come from reference.conf (shown below)."})
final class TrainCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--task", paramLabel = "TASK", description = "xor or addition (default: ${DEFAULT-VALUE})")
  private String task;

  @Option(names = "--hidden", paramLabel = "SIZES",
      description = "hidden layer sizes, comma-separated: 4 is [2,4,1], 8,8 is [2,8,8,1] (default: ${DEFAULT-VALUE})")
  private String hidden;

  @Option(names = "--activation", paramLabel = "NAME",
      description = "relu, tanh or sigmoid (default: ${DEFAULT-VALUE})")
  private String activation;

  @Option(names = "--bias", negatable = true, fallbackValue = "true",
      description = "nodes have biases (default: ${DEFAULT-VALUE}; --no-bias for none)")
  private boolean bias;

  @Option(names = "--optimizer", paramLabel = "NAME", description = "adam or sgd (default: ${DEFAULT-VALUE})")
  private String optimizer;

  @Option(names = "--l1", paramLabel = "RULE",
      description = "subgradient (the paper) or proximal (default: ${DEFAULT-VALUE})")
  private String l1;

  @Option(names = "--lambda", paramLabel = "λ", description = "L1 strength ≥ 0 (default: ${DEFAULT-VALUE})")
  private double lambda;

  @Option(names = {"--lr", "--learning-rate"}, paramLabel = "η",
      description = "learning rate > 0 (default: ${DEFAULT-VALUE})")
  private double learningRate;

  @Option(names = "--epochs", paramLabel = "N", description = "epochs ≥ 1 (default: ${DEFAULT-VALUE})")
  private int epochs;

  @Option(names = "--batch-size", paramLabel = "N",
      description = "samples per step, 0 = full batch (default: ${DEFAULT-VALUE})")
  private int batchSize;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "the trial's seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(names = "--epsilon", paramLabel = "ε[,ε…]",
      description = "pruning thresholds > 0, comma-separated (default: ${DEFAULT-VALUE})")
  private String epsilons;

  @Option(names = "--train-size", paramLabel = "N",
      description = "training samples (default: the task's, 200)")
  private Integer trainSize;

  @Option(names = "--test-size", paramLabel = "N", description = "test samples (default: the task's, 200)")
  private Integer testSize;

  @Option(names = "--noise", paramLabel = "σ", description = "XOR input noise (default: 0.1)")
  private Double noise;

  @Option(names = "--history-every", paramLabel = "N",
      description = "sample the training curve every N epochs, 0 = none (default: ${DEFAULT-VALUE})")
  private int historyEvery;

  @Option(names = "--solved-accuracy", paramLabel = "A",
      description = "XOR is solved at pruned test accuracy ≥ A (default: ${DEFAULT-VALUE})")
  private double solvedAccuracy;

  @Option(names = "--solved-r2", paramLabel = "R2",
      description = "addition is solved at pruned test R² ≥ R2 (default: ${DEFAULT-VALUE})")
  private double solvedR2;

  @Option(names = "--dump", paramLabel = "FILE.json",
      description = "write the whole trial (config, data, initial and final weights, history, metrics)")
  private Path dump;

  @Override
  public Integer call() throws IOException {
    TrialSpec trial = trialSpec();
    PrintWriter out = spec.commandLine().getOut();
    TrialOutcome outcome = Trial.run(trial);
    TrialSummary.print(outcome, out);
    if (dump != null) {
      TrialJson.write(outcome, dump);
      out.println("wrote " + dump);
    }
    out.flush();
    return 0;
  }

  /** Every option validated into a spec; a bad value throws IllegalArgumentException naming it. */
  TrialSpec trialSpec() {
    Config data = ReferenceDefaults.reference().getConfig("data");
    TaskKind kind = TaskKind.parse(task);
    Config taskData = data.getConfig(kind.key());
    TrialSpec trial = new TrialSpec(kind, parseSizes(hidden), Activation.parse(activation), bias,
        OptimizerKind.parse(optimizer), L1Rule.parse(l1), lambda, learningRate, epochs, batchSize, seed,
        parseNumbers("epsilon", epsilons),
        trainSize != null ? trainSize : taskData.getInt("train-size"),
        testSize != null ? testSize : taskData.getInt("test-size"),
        noise != null ? noise : data.getDouble("xor.noise"),
        historyEvery, new SolvedThresholds(solvedAccuracy, solvedR2));
    long maxBytes = ReferenceDefaults.reference().getBytes("max-training-memory");
    double bytes = TrainingMemory.bytes(trial.topology().inputs(), trial.hidden(), trial.topology().outputs(),
        trial.trainSize(), trial.testSize());
    boolean beyondArrays = TrainingMemory.largestArray(trial.topology().inputs(), trial.hidden(),
        trial.topology().outputs(), trial.trainSize(), trial.testSize()) > TrainingMemory.ARRAY_LIMIT;
    if (bytes > maxBytes || beyondArrays) {
      throw new IllegalArgumentException("--hidden " + hidden + " with --train-size " + trial.trainSize()
          + " and --test-size " + trial.testSize() + " needs about " + TrainingMemory.human(bytes)
          + " for one training, more than " + (beyondArrays ? "one Java array holds (2³¹ values)"
              : "max-training-memory (" + TrainingMemory.human(maxBytes) + ", reference.conf)")
          + "; use smaller layers or data");
    }
    return trial;
  }

  static int[] parseSizes(String text) {
    try {
      return Arrays.stream(text.split(",", -1)).map(String::trim).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "hidden must be one or more layer sizes, each ≥ 1, comma-separated, found '" + text + "'");
    }
  }

  static double[] parseNumbers(String setting, String text) {
    try {
      return Arrays.stream(text.split(",", -1)).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          setting + " must be one or more numbers, comma-separated, found '" + text + "'");
    }
  }
}
