package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.task.AdditionTask;
import dev.structsweep.task.Task;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code precision = float32}: the pass is float arithmetic (a pass on a float network and float data matches a
 * float64 pass to float's precision, never to double's), every stored value is a float, and a run of lanes is each
 * training alone, bit for bit.
 */
class FloatKernelTest {
  private static final SplittableRandom RANDOM = new SplittableRandom(3);

  /** A network whose every weight and bias is a float, for both kernels to read. */
  private static Network floatNetwork(Topology topology, Activation activation) {
    Network network = Network.initialise(topology, activation, true, RANDOM.split());
    for (int k = 0; k < topology.weightLayers(); k++) {
      FloatKernel.round(network.weights(k).data);
      FloatKernel.round(network.biases(k).data);
    }
    return network;
  }

  @Test
  void aPassIsFloatArithmeticCloseToTheDoublePass() {
    for (Activation activation : Activation.values()) {
      for (Loss loss : Loss.values()) {
        Topology topology = Topology.layered(2, new int[] {5, 3}, 1);
        Network network = floatNetwork(topology, activation);
        int batch = 37;
        double[] input = new double[2 * batch];
        double[] target = new double[batch];
        for (int i = 0; i < input.length; i++) {
          input[i] = (float) RANDOM.nextDouble(-1, 1);
        }
        for (int i = 0; i < batch; i++) {
          target[i] = loss == Loss.BINARY_CROSS_ENTROPY ? RANDOM.nextInt(2) : (float) RANDOM.nextDouble();
        }
        double[][] weights = new double[topology.weightLayers()][];
        double[][] biases = new double[topology.weightLayers()][];
        for (int k = 0; k < weights.length; k++) {
          weights[k] = network.weights(k).data;
          biases[k] = network.biases(k).data;
        }
        LaneKernel single = LaneKernel.create(topology, activation, loss, 1, batch, Precision.FLOAT32);
        LaneKernel double64 = LaneKernel.create(topology, activation, loss, 1, batch, Precision.FLOAT64);
        boolean[] finite = new boolean[1];
        single.forwardBackward(weights, biases, input, target, batch, loss, finite);
        assertTrue(finite[0]);
        double64.forwardBackward(weights, biases, input, target, batch, loss, finite);
        boolean anyDiffers = false;
        for (int m = 0; m < weights.length; m++) {
          double[] f = single.laneWeightGradient(m);
          double[] d = double64.laneWeightGradient(m);
          assertTrue(FloatKernel.allFloats(f), "float gradients");
          for (int i = 0; i < f.length; i++) {
            double scale = Math.max(1e-3, Math.abs(d[i]));
            assertEquals(d[i], f[i], 1e-4 * scale, activation + " " + loss + " ∂W" + m + "[" + i + "]");
            anyDiffers |= f[i] != d[i];
          }
        }
        assertTrue(anyDiffers, activation + " " + loss + ": the float pass is not the double pass");
      }
    }
  }

  @Test
  void aFloat32TrainingStoresFloatsAndARunIsEachTrainingAlone() {
    for (Task task : List.of(new XorTask(0.1), new AdditionTask())) {
      TrainingSettings settings = Specs.paperXor().precision(Precision.FLOAT32).epochs(150).learningRate(0.01)
          .historyEvery(10).training();
      Topology topology = Topology.layered(2, new int[] {4}, 1);
      List<Network> initial = new ArrayList<>();
      List<Dataset.Columns> data = new ArrayList<>();
      for (int l = 0; l < 5; l++) {
        SplittableRandom root = new SplittableRandom(40 + l);
        initial.add(Network.initialise(topology, Activation.RELU, true, root.split()));
        data.add(task.generate(100, root.split()).columns());
      }
      List<TrainingResult> run = new Trainer(settings, task.loss()).train(initial, data, shuffles(5));
      TrainingSettings float64 = Specs.paperXor().epochs(150).learningRate(0.01).historyEvery(10).training();
      for (int l = 0; l < 5; l++) {
        TrainingResult alone = new Trainer(settings, task.loss()).train(initial.get(l), data.get(l),
            new SplittableRandom(l));
        LaneTrainerTest.assertSame(alone, run.get(l), task + " lane " + l);
        Network trained = run.get(l).network();
        for (int k = 0; k < topology.weightLayers(); k++) {
          assertTrue(FloatKernel.allFloats(trained.weights(k).data), "every weight a float");
          assertTrue(FloatKernel.allFloats(trained.biases(k).data), "every bias a float");
        }
        Network wide = new Trainer(float64, task.loss()).train(initial.get(l), data.get(l), new SplittableRandom(l))
            .network();
        assertFalse(FloatKernel.allFloats(wide.weights(0).data), "float64 keeps doubles");
      }
    }
  }

  @Test
  void float32IsRefusedForOtherWirings() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Specs.paperXor().precision(Precision.FLOAT32)
            .set(dev.structsweep.task.Parameters.TOPOLOGY, Wiring.DAG).build());
    assertEquals("precision = float32 trains layered networks only: it needs topology = layered, found topology ="
        + " dag", refused.getMessage());
  }

  private static List<SplittableRandom> shuffles(int count) {
    List<SplittableRandom> shuffles = new ArrayList<>();
    for (int l = 0; l < count; l++) {
      shuffles.add(new SplittableRandom(l));
    }
    return shuffles;
  }
}
