package dev.structsweep.sweep;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.task.SolvedThresholds;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TrialSpec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The axes of a sweep and the mixed-radix decoding of a training id into its {@link TrialSpec}. The grid is
 * never materialised: an executor decodes each id it trains. Seeds vary fastest, so a chunk of consecutive ids
 * holds whole configurations' seeds; then batch size, epochs, learning rate, λ, l1, optimizer, bias,
 * activation, hidden and, slowest, task.
 */
public final class Grid implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TaskKind[] tasks;
  private final int[][] hidden;
  private final Activation[] activations;
  private final boolean[] biases;
  private final OptimizerKind[] optimizers;
  private final L1Rule[] l1Rules;
  private final double[] lambdas;
  private final double[] learningRates;
  private final int[] epochs;
  private final int[] batchSizes;
  private final Seeds seeds;
  private final double[] epsilons;
  private final int historyEvery;
  private final DataSettings data;
  private final SolvedThresholds solved;
  private final long size;
  /** radix[a] = the number of values of axis a, in decoding order (fastest first). */
  private final long[] radix;

  /** The seeds axis: F, F+1, …, F+N−1 (never materialised), or a list. */
  public record Seeds(long from, long count, long[] list) implements Serializable {
    public static Seeds range(long from, long count) {
      return new Seeds(from, count, null);
    }

    public static Seeds of(long[] list) {
      return new Seeds(0, list.length, list.clone());
    }

    long get(long index) {
      return list == null ? from + index : list[(int) index];
    }

    @Override
    public String toString() {
      return list == null ? "{from=" + from + ",count=" + count + "}" : Arrays.toString(list);
    }
  }

  /** The per-task data settings. */
  public record DataSettings(int xorTrainSize, int xorTestSize, double xorNoise, int additionTrainSize,
      int additionTestSize) implements Serializable {
    public int trainSize(TaskKind task) {
      return task == TaskKind.XOR ? xorTrainSize : additionTrainSize;
    }

    public int testSize(TaskKind task) {
      return task == TaskKind.XOR ? xorTestSize : additionTestSize;
    }
  }

  public Grid(List<TaskKind> tasks, List<int[]> hidden, List<Activation> activations, List<Boolean> biases,
      List<OptimizerKind> optimizers, List<L1Rule> l1Rules, double[] lambdas, double[] learningRates,
      int[] epochs, int[] batchSizes, Seeds seeds, double[] epsilons, int historyEvery, DataSettings data,
      SolvedThresholds solved) {
    this.tasks = tasks.toArray(TaskKind[]::new);
    this.hidden = hidden.toArray(int[][]::new);
    this.activations = activations.toArray(Activation[]::new);
    this.biases = new boolean[biases.size()];
    for (int i = 0; i < this.biases.length; i++) {
      this.biases[i] = biases.get(i);
    }
    this.optimizers = optimizers.toArray(OptimizerKind[]::new);
    this.l1Rules = l1Rules.toArray(L1Rule[]::new);
    this.lambdas = lambdas.clone();
    this.learningRates = learningRates.clone();
    this.epochs = epochs.clone();
    this.batchSizes = batchSizes.clone();
    this.seeds = seeds;
    this.epsilons = epsilons.clone();
    this.historyEvery = historyEvery;
    this.data = data;
    this.solved = solved;
    this.radix = new long[] {seeds.count(), batchSizes.length, epochs.length, learningRates.length,
        lambdas.length, l1Rules.size(), optimizers.size(), biases.size(), activations.size(), hidden.size(),
        tasks.size()};
    long product = 1;
    for (long axis : radix) {
      try {
        product = Math.multiplyExact(product, axis);
      } catch (ArithmeticException e) {
        throw new SpecException("the grid has more than " + Long.MAX_VALUE
            + " trainings (the product of the axes' sizes " + Arrays.toString(radix) + "); split the sweep");
      }
    }
    this.size = product;
  }

  /** The number of trainings: the product of the axes' sizes. */
  public long size() {
    return size;
  }

  public double[] epsilons() {
    return epsilons.clone();
  }

  /** The axes' sizes, fastest first: seeds, batch-size, epochs, learning-rate, lambda, l1, optimizer, bias, activation, hidden, task. */
  public long[] radix() {
    return radix.clone();
  }

  /** The trial of training id (0 ≤ id &lt; size). */
  public TrialSpec trial(long id) {
    if (id < 0 || id >= size) {
      throw new IndexOutOfBoundsException("training id " + id + " outside [0, " + size + ")");
    }
    long seedIndex = id % radix[0];
    long rest = id / radix[0];
    int[] digit = new int[radix.length];
    for (int a = 1; a < radix.length; a++) {
      digit[a] = (int) (rest % radix[a]);
      rest /= radix[a];
    }
    TaskKind task = tasks[digit[10]];
    return new TrialSpec(task, hidden[digit[9]], activations[digit[8]], biases[digit[7]], optimizers[digit[6]],
        l1Rules[digit[5]], lambdas[digit[4]], learningRates[digit[3]], epochs[digit[2]], batchSizes[digit[1]],
        seeds.get(seedIndex), epsilons, data.trainSize(task), data.testSize(task), data.xorNoise(), historyEvery,
        solved);
  }
}
