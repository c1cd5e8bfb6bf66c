package dev.structsweep.net;

/** Which edges a topology allows between its layers. */
public enum Wiring implements Named {
  /** The paper's: each layer's nodes feed the next layer's, and only those. */
  LAYERED("layered"),
  /**
   * Every forward edge: each layer reads every earlier layer, the inputs included, so a task that needs no hidden
   * unit can prune every hidden unit away.
   */
  DAG("dag"),
  /**
   * The model of the code repository the paper cites: one hidden layer wired as {@link #DAG}, plus an edge from every
   * hidden node to every hidden node, itself included. Its forward pass reads those hidden activations before they
   * are computed, while they are still zero, so these edges carry no signal and get no gradient; they are counted,
   * drawn N(0, 0.1²) like the others, and rounded like the others. [2,4,1] has 30 edges, [2,3,1] 20.
   */
  REPOSITORY("repository");

  private final String key;

  Wiring(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }

  public static Wiring parse(String name) {
    return Named.parse("topology", values(), name);
  }
}
