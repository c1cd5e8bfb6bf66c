package dev.structsweep.task;

import dev.structsweep.net.Wiring;
import java.util.OptionalInt;

/**
 * The fewest edges that solve each task, per wiring, for a network with biases, one hidden layer and a monotone
 * activation (relu, tanh and sigmoid all are).
 *
 * <p>XOR, layered: 6. Reached by h1 = relu(x1 + x2), h2 = relu(x1 + x2 − 1), y = h1 − 2·h2 − ½ (the classic two-unit
 * sigmoid or tanh network has the same six edges). Fewer fail: the output must read some unit u that reads both
 * inputs (units that read one input each sum to an additive function, and XOR is not additive:
 * f(0,0) + f(1,1) ≠ f(0,1) + f(1,0)). u alone, 3 edges, cannot: c·g(s) with s linear in the inputs is monotone in s,
 * yet s(0,0) + s(1,1) = s(0,1) + s(1,0), so the class-1 corners cannot both lie above (or below) both class-0
 * corners. u plus a unit v = g(w·x_i + b) reading one input (5 edges): with x_i fixed, only u changes along the
 * other input, and XOR needs it to rise at one value of x_i and fall at the other, which a monotone g cannot.
 *
 * <p>XOR, dag: 5: y = x1 + x2 − 2·relu(x1 + x2 − 1) − ½. Fewer fail by the same arguments: with 4 edges the output
 * reads either units and inputs of one variable each (additive), or u and one input, along which u must again
 * rise and fall.
 *
 * <p>Addition on [0, 1]², layered: 3: relu(a + b) = a + b there (tanh and sigmoid approach it with small weights). Two
 * edges cannot reach the output from both inputs through a hidden layer. dag: 2, y = a + b; one edge reads one
 * input.
 *
 * <p>Unknown (empty) without biases, with more than one hidden layer, on the repository's topology (whose idle
 * edges count but carry nothing), or when the hidden layer is too narrow to hold the minimum (XOR layered needs two
 * units).
 */
public final class KnownMinima {
  private KnownMinima() {}

  /** The fewest edges that solve task on such a network, if known. */
  public static OptionalInt edges(TaskKind task, Wiring wiring, int[] hidden, boolean bias) {
    // The repository's idle edges count as edges but carry no signal: its minimum is not the DAG's.
    if (!bias || hidden.length != 1 || wiring == Wiring.REPOSITORY) {
      return OptionalInt.empty();
    }
    boolean skips = wiring != Wiring.LAYERED;
    return switch (task) {
      case XOR -> skips ? OptionalInt.of(5) : hidden[0] >= 2 ? OptionalInt.of(6) : OptionalInt.empty();
      case ADDITION -> OptionalInt.of(skips ? 2 : 3);
    };
  }

  /** The same for a trial's settings. */
  public static OptionalInt edges(TrialSpec spec) {
    return edges(spec.task(), spec.wiring(), spec.hidden(), spec.bias());
  }
}
