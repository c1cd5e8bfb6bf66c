package dev.structsweep.sweep;

import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TrialSpec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The values of every training setting of a sweep and the mixed-radix decoding of a training id into its
 * {@link TrialSpec}. The grid is never materialised: an executor decodes each id it trains. The axes are taken in
 * the order of {@link Settings#AXES}, the last (the seed) varying fastest, so a chunk of consecutive ids holds whole
 * configurations' seeds.
 */
public final class Grid implements Serializable {
  private static final long serialVersionUID = 2L;

  /** values[i]: the values of {@code Settings.ALL.get(i)}. */
  private final Values[] values;
  private final long size;
  /** radix[a] = the number of values of axis a, fastest first. */
  private final long[] radix;

  /** The seeds axis: F, F+1, …, F+N−1 (never materialised), or a list. */
  public record Seeds(long from, long count, long[] list) implements Values {
    public static Seeds range(long from, long count) {
      return new Seeds(from, count, null);
    }

    public static Seeds of(long[] list) {
      return new Seeds(0, list.length, list.clone());
    }

    @Override
    public long size() {
      return count;
    }

    @Override
    public Object get(long index) {
      return list == null ? from + index : list[(int) index];
    }

    @Override
    public String toString() {
      return list == null ? "{from=" + from + ",count=" + count + "}" : Arrays.toString(list);
    }
  }

  /** A grid of the values of every setting, in the order of {@link Settings#ALL}. */
  Grid(List<Values> values) {
    if (values.size() != Settings.ALL.size()) {
      throw new IllegalArgumentException("a grid needs the values of all " + Settings.ALL.size() + " settings");
    }
    this.values = values.toArray(Values[]::new);
    List<Setting<?>> axes = Settings.AXES;
    this.radix = new long[axes.size()];
    for (int a = 0; a < radix.length; a++) {
      radix[a] = values(axes.get(axes.size() - 1 - a)).size();
    }
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

  /** The values the sweep gives setting. */
  public Values values(Setting<?> setting) {
    return values[Settings.ALL.indexOf(setting)];
  }

  public double[] epsilons() {
    return ((double[]) values(Settings.EPSILON).get(0)).clone();
  }

  /** The axes' sizes, fastest first: the reverse of {@link Settings#AXES}. */
  public long[] radix() {
    return radix.clone();
  }

  /**
   * Builds a trial of every combination of the settings that the checks of {@link TrialSpec} relate to one another
   * ({@link Settings#COMBINED}; every other setting at its first value), so that a sweep that lists, say,
   * l1 = [subgradient, round-binary] with bias = true is refused before it trains anything. Throws
   * {@link SpecException} naming both settings.
   */
  public void checkCombinations() {
    List<Values> restricted = new java.util.ArrayList<>();
    for (Setting<?> setting : Settings.ALL) {
      Values own = values(setting);
      restricted.add(!setting.isAxis() || Settings.COMBINED.contains(setting) ? own : Values.of(List.of(own.get(0))));
    }
    Grid combinations = new Grid(restricted);
    for (long id = 0; id < combinations.size(); id++) {
      try {
        combinations.trial(id);
      } catch (IllegalArgumentException e) {
        throw new SpecException(e.getMessage());
      }
    }
  }

  /** The trial of training id (0 ≤ id &lt; size). */
  public TrialSpec trial(long id) {
    if (id < 0 || id >= size) {
      throw new IndexOutOfBoundsException("training id " + id + " outside [0, " + size + ")");
    }
    List<Setting<?>> all = Settings.ALL;
    Object[] chosen = new Object[all.size()];
    long rest = id;
    for (int a = 0; a < radix.length; a++) {
      Setting<?> axis = Settings.AXES.get(radix.length - 1 - a);
      chosen[all.indexOf(axis)] = values(axis).get(rest % radix[a]);
      rest /= radix[a];
    }
    TaskKind task = (TaskKind) chosen[all.indexOf(Settings.TASK)];
    TrialSpec.Builder builder = TrialSpec.builder();
    for (int i = 0; i < all.size(); i++) {
      Setting<?> setting = all.get(i);
      Object value = switch (setting.shape()) {
        case AXIS -> chosen[i];
        case ONE -> values[i].get(0);
        case PER_TASK -> values[i].get(task.ordinal());
      };
      setting.put(builder, value);
    }
    return builder.build();
  }
}
