package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.sweep.Settings;
import dev.structsweep.testing.Specs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FindingsTest {
  private static final Findings.Thresholds THRESHOLDS = new Findings.Thresholds(0.99, 0.99, 0.01, 0.01);

  /** A configuration of XOR on [2,4,1] at λ, over 20 seeds, with the given classes and median sparsity. */
  private static ConfigurationSummary xor(double lambda, long solved, long stuck, long improving, double sparsity) {
    List<Object> settings = Specs.configuration(Map.of(Settings.LAMBDA, lambda, Settings.LEARNING_RATE, 0.01,
        Settings.EPOCHS, 500));
    ConfigurationSummary.Spread spread = new ConfigurationSummary.Spread(0, sparsity, sparsity, sparsity, 1);
    return new ConfigurationSummary(settings, 0.01, 12, 4,
        new ConfigurationSummary.Outcomes(20, solved, stuck, improving, 20 - solved - stuck - improving, 0),
        "accuracy", new ConfigurationSummary.Spread(0.5, 0.75, 1, 1, 1),
        new ConfigurationSummary.Spread(3, 12 * (1 - sparsity), 12 * (1 - sparsity), 12 * (1 - sparsity), 12),
        spread, 0, new long[] {0, 0, 4, 6, 10});
  }

  private static final ConfigurationSummary DENSE = xor(0, 19, 1, 0, 0);
  private static final ConfigurationSummary LIGHT = xor(0.001, 16, 4, 0, 0.5);
  private static final ConfigurationSummary HEAVY = xor(0.01, 10, 8, 2, 0.75);
  private static final List<ConfigurationSummary> SWEEP = List.of(DENSE, LIGHT, HEAVY);

  @Test
  void l1IsFreeWhereItSolvesWithinTheIntervalOfNoL1() {
    // 19 of 20 without L1: Wilson 76.4–99.1\u00a0%; 16 of 20 (80\u00a0%) is inside, 10 of 20 is not.
    String sentence = Findings.freeSparsity(SWEEP).orElseThrow();
    assertTrue(sentence.startsWith("L1 removes a median 50.0\u00a0% of the edges of [2,4,1] (6 of 12 remain) at λ = 0.001"),
        sentence);
    assertTrue(sentence.contains("16 of 20 (80.0\u00a0%, 95\u00a0% CI 58–92\u00a0%) solve"), sentence);
    assertTrue(sentence.contains("19 of 20 (95.0\u00a0%, 95\u00a0% CI 76–99\u00a0%) at λ = 0"), sentence);
    assertTrue(Findings.freeSparsity(List.of(DENSE, HEAVY)).isEmpty(), "10 of 20 is below 76.4\u00a0%");
  }

  @Test
  void theCostInLocalMinimaSetsTheLargestλAgainstNone() {
    List<String> sentences = Findings.costInLocalMinima(SWEEP);
    assertEquals(1, sentences.size(), "one architecture");
    assertEquals("On [2,4,1], λ = 0.01 prunes a median 75.0\u00a0% of the edges and raises the stuck rate (local minima)"
        + " from 1 of 20 (5.0\u00a0%, 95\u00a0% CI 1–24\u00a0%) to 8 of 20 (40.0\u00a0%, 95\u00a0% CI 22–61\u00a0%); 2 of 20 still improving at"
        + " the end against 0 of 20 without L1 (ε = 0.01).", sentences.get(0));
  }

  @Test
  void theSparsestReliableConfigurationIsNamedOrItsAbsenceSaid() {
    Highlights highlights = Highlights.of("xor", SWEEP);
    assertEquals(Optional.of(DENSE), highlights.reliable(), "only λ = 0 is solved by 95\u00a0%");
    assertEquals(Optional.of(HEAVY), highlights.most(), "λ = 0.01 is the sparsest that half solve");
    assertEquals(Optional.of(DENSE), highlights.baseline(), "the sparsest's own settings without L1");
    List<String> sentences = Findings.of("xor", THRESHOLDS, List.of(LIGHT, HEAVY), Highlights.of("xor",
        List.of(LIGHT, HEAVY)), Map.of());
    assertTrue(sentences.stream().anyMatch(s -> s.startsWith("No configuration is solved by at least 95\u00a0% of its"
        + " seeds; the most often solved is xor [2,4,1] relu adam subgradient λ=0.001 η=0.01 500 epochs")), sentences.toString());
    assertTrue(sentences.stream().anyMatch(s -> s.startsWith("No configuration with λ > 0 has the same settings at λ = 0 beside it")), sentences.toString());
  }

  @Test
  void noConfigurationIsCalledMostOftenSolvedWhenNoSeedSolves() {
    ConfigurationSummary never = xor(0.01, 0, 15, 5, 0.75);
    List<String> sentences = Findings.of("xor", THRESHOLDS, List.of(never), Highlights.of("xor", List.of(never)),
        Map.of());
    assertTrue(sentences.stream().noneMatch(s -> s.contains("most often solved")), sentences.toString());
    assertTrue(sentences.stream().anyMatch(s -> s.contains("no seed of any configuration solves it")),
        sentences.toString());
    Map<ConfigurationSummary, List<String>> roles = Report.roles(Map.of("xor", List.of(never)),
        Map.of("xor", Highlights.of("xor", List.of(never))));
    assertEquals(List.of("its architecture's best median metric (no seed solves)"), roles.get(never));
  }

  @Test
  void negativeNumbersCarryTheTypographicMinusAndThePapersCountItsNoteAfterIt() {
    assertEquals("\u22126.051", Format.measured(-6.051));
    assertEquals("\u22120.5", Format.number(-0.5));
    assertEquals("0.378", Format.measured(0.378), "a positive number unchanged");
    PaperClaims.PaperClaim addition = PaperClaims.PAPER.stream()
        .filter(c -> c.task() == dev.structsweep.task.TaskKind.ADDITION).findFirst().orElseThrow();
    assertEquals("12 of 16 edges active (the paper's count; [2,8,1] has 24)", addition.edgesActive());
    String sentence = Findings.paper(addition, Optional.empty(), Map.of(), THRESHOLDS);
    assertTrue(sentence.contains("with 12 of 16 edges active (the paper's count; [2,8,1] has 24);"), sentence);
  }

  @Test
  void lambdaTwinsDifferInLambdaAloneAcrossZero() {
    assertEquals(List.of(DENSE), Highlights.lambdaTwins(HEAVY, SWEEP), "λ > 0 is set beside λ = 0");
    assertEquals(List.of(LIGHT, HEAVY), Highlights.lambdaTwins(DENSE, SWEEP), "λ = 0 beside the two smallest λ > 0");
    ConfigurationSummary otherRate = new ConfigurationSummary(Specs.configuration(Map.of(Settings.LAMBDA, 0.0,
        Settings.LEARNING_RATE, 0.1, Settings.EPOCHS, 500)), 0.01, 12, 4, DENSE.outcomes(), "accuracy",
        DENSE.metricSpread(), DENSE.activeEdges(), DENSE.sparsity(), 0, null);
    assertEquals(List.of(), Highlights.lambdaTwins(otherRate, List.of(otherRate, HEAVY)), "another η is no twin");
  }

  @Test
  void thePapersFigureGetsAVerdictFromWhereItFallsAmongTheSeeds() {
    assertTrue(Findings.verdict(new Statistics.Rank(0.3, 0.5, 200)).contains("typical"));
    assertTrue(Findings.verdict(new Statistics.Rank(0.95, 0.05, 200)).contains("lucky"));
    assertTrue(Findings.verdict(new Statistics.Rank(0.02, 0.9, 200)).contains("unlucky"));
  }

  @Test
  void nearMissesAreCountedAgainstTheThreshold() {
    List<Seeds.Seed> seeds = List.of(seed(0, 0.995), seed(1, 0.985), seed(2, 0.981), seed(3, 0.95), seed(4, 0.9799),
        seed(5, Double.NaN));
    ConfigurationSummary addition = new ConfigurationSummary(Specs.configuration(Map.of(Settings.TASK, "addition",
        Settings.HIDDEN, new int[] {8}, Settings.EPOCHS, 2000)), 0.01, 24, 8,
        new ConfigurationSummary.Outcomes(6, 1, 0, 4, 1, 0), "r2", ConfigurationSummary.Spread.NONE,
        ConfigurationSummary.Spread.NONE, ConfigurationSummary.Spread.NONE, 0, null);
    assertEquals("Of its 4 unsolved seeds that did not diverge, 2 (50.0\u00a0%) are within 0.01 of the threshold"
        + " (R² ≥ 0.98).", Findings.nearMisses(addition, seeds, THRESHOLDS).orElseThrow());
    List<Seeds.Seed> mostlyNear = List.of(seed(0, 0.985), seed(1, 0.989), seed(2, 0.5));
    assertTrue(Findings.nearMisses(addition, mostlyNear, THRESHOLDS).orElseThrow().endsWith(
        ": most of what the threshold calls failures are near misses."));
  }

  private static Seeds.Seed seed(long seed, double r2) {
    return new Seeds.Seed(seed, r2, 10, 0.58, Double.isNaN(r2) ? "diverged" : r2 >= 0.99 ? "solved" : "improving",
        null, -0.02);
  }

  /** A configuration of the repository's model at a rounding period, with the given corner counts. */
  private static ConfigurationSummary rounded(int every, long[] corners, double medianAccuracy) {
    List<Object> settings = Specs.configuration(Map.of(Settings.TOPOLOGY, "repository", Settings.BIAS, false,
        Settings.LOSS, "mse", Settings.L1, "round-binary", Settings.ROUND_EVERY, every, Settings.LAMBDA, 0.0,
        Settings.LEARNING_RATE, 0.01));
    return new ConfigurationSummary(settings, 0.01, 30, 4, new ConfigurationSummary.Outcomes(20, 0, 20, 0, 0, 0),
        "accuracy", new ConfigurationSummary.Spread(0.5, 0.5, medianAccuracy, 0.75, 0.75),
        new ConfigurationSummary.Spread(0, 0, 6, 7, 8), ConfigurationSummary.Spread.NONE, 4, corners);
  }

  @Test
  void theRoundBinaryCapIsCountedOverEveryPeriodAndExplained() {
    String sentence = Findings.roundBinaryCap(List.of(rounded(10, new long[] {0, 0, 20, 0, 0}, 0.5),
        rounded(50, new long[] {0, 0, 3, 17, 0}, 0.745), DENSE)).orElseThrow();
    assertTrue(sentence.startsWith("Under the cited repository's rule (round-binary), no seed of 40 gets more than 3"
        + " of XOR's 4 clean corners right at ε = 0.01 (17 get 3); the best test accuracy is 0.75"), sentence);
    assertTrue(sentence.contains("rounded every 50 λ=0 η=0.01 1000 epochs: median accuracy 0.745 with 6 of 30 edges"),
        sentence);
    assertTrue(sentence.contains("monotone in its inputs"), sentence);
    String broken = Findings.roundBinaryCap(List.of(rounded(50, new long[] {0, 0, 0, 19, 1}, 0.75))).orElseThrow();
    assertTrue(broken.contains("1 of 20 seeds get all 4 of XOR's clean corners right") && broken.contains("breaks the cap"),
        broken);
    assertTrue(Findings.roundBinaryCap(SWEEP).isEmpty(), "no round-binary, no sentence");
  }

  @Test
  void retrainingAndTheKnownMinimumAreCountedOverTheirOwnTrials() {
    ConfigurationSummary.Structure structure = new ConfigurationSummary.Structure(6, 7, 20, 20, 20, 18, 11,
        new ConfigurationSummary.Spread(0.5, 1, 1, 1, 1), new ConfigurationSummary.Spread(0.5, 0.75, 0.9, 1, 1));
    ConfigurationSummary s = new ConfigurationSummary(HEAVY.settings(), 0.01, 12, 4, HEAVY.outcomes(), "accuracy",
        HEAVY.metricSpread(), HEAVY.activeEdges(), HEAVY.sparsity(), 0, null, structure);
    List<Seeds.Seed> seeds = List.of(new Seeds.Seed(0, 0.5, 3, 0.75, "stuck", 2, 0, 1.0, 0.75),
        new Seeds.Seed(1, 1, 3, 0.75, "solved", 4, 0, 0.75, 1.0));
    String retraining = Findings.retraining(List.of(s, HEAVY), Map.of(s.key(), seeds)).orElseThrow();
    assertTrue(retraining.contains("accuracy = 1 in 1 of its 2 seeds)"), retraining);
    assertTrue(retraining.contains("solves in 18 of 20 (90.0\u00a0%, 95\u00a0% CI 70–97\u00a0%) seeds from its trained"
        + " weights (median accuracy 1; accuracy = 1 in 1 of its 2 seeds), against 10 of 20 pruned before retraining, and in 11 of 20"), retraining);
    String minimum = Findings.knownMinimum(List.of(s)).orElseThrow();
    assertEquals("The fewest edges that solve xor (known minima): on [2,4,1], 6 edges, reached by 7 of the 10 solved"
        + " seeds of " + s.label() + " at ε = 0.01.", minimum);
    assertTrue(Findings.retraining(SWEEP, Map.of()).isEmpty() && Findings.knownMinimum(SWEEP).isEmpty());
    assertTrue(Findings.exactZeros(List.of(s)).isEmpty(), "the subgradient rule makes no exact zeros to count");
  }
}
