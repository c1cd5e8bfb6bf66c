package dev.structsweep.sweep;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The values a sweep gives one setting: an axis's list (or range of seeds), a single value, or one value per task
 * (indexed by the task's ordinal). Shipped to the executors inside the {@link Grid}.
 */
public interface Values extends Serializable {
  long size();

  Object get(long index);

  static Values of(List<?> values) {
    return new Listed(values.toArray());
  }

  /** Values held in a list. */
  record Listed(Object[] values) implements Values {
    @Override
    public long size() {
      return values.length;
    }

    @Override
    public Object get(long index) {
      return values[(int) index];
    }

    @Override
    public String toString() {
      return Arrays.deepToString(values);
    }
  }
}
