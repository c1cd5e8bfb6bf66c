package dev.structsweep.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT over a whole run, from before Spark starts to after its last audit: the first is recorded
 * and runs the action of the moment (none before Spark starts; cancelling the running jobs after), so that the
 * run can record what was committed and exit with 128 + the signal's number; a second one ends the process at
 * once. The JVM's own handlers are restored on close.
 */
final class Interruption implements AutoCloseable {
  private final AtomicReference<Signal> received = new AtomicReference<>();
  private final Map<Signal, SignalHandler> previous = new HashMap<>();
  private volatile Runnable onSignal = () -> { };

  Interruption() {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal signal = new Signal(name);
      try {
        previous.put(signal, Signal.handle(signal, caught -> {
          if (received.compareAndSet(null, caught)) {
            onSignal.run();
          } else {
            Runtime.getRuntime().halt(128 + caught.getNumber());
          }
        }));
      } catch (IllegalArgumentException reservedByTheJvm) {
        // Under -Xrs, or where the JVM keeps the signal: it then ends the run as it always would.
      }
    }
  }

  /** What a signal does from now on; run at once when one has already come. */
  void onSignal(Runnable action) {
    onSignal = action;
    if (interrupted()) {
      action.run();
    }
  }

  boolean interrupted() {
    return received.get() != null;
  }

  /** "SIGTERM", or null. */
  String signalName() {
    Signal signal = received.get();
    return signal == null ? null : "SIG" + signal.getName();
  }

  int exitStatus() {
    return 128 + received.get().getNumber();
  }

  @Override
  public void close() {
    previous.forEach(Signal::handle);
  }
}
