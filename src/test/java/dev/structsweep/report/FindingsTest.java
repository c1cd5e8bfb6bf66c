package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FindingsTest {
  private static final Findings.Thresholds THRESHOLDS = new Findings.Thresholds(0.99, 0.99, 0.01, 0.01);

  /** A configuration of XOR on [2,4,1] at λ, over 20 seeds, with the given classes and median sparsity. */
  private static ConfigurationSummary xor(double lambda, long solved, long stuck, long improving, double sparsity) {
    List<Object> settings = List.of("xor", new int[] {4}, "layered", "relu", true, 1.0, "task", "adam", "subgradient",
        lambda, 0, 0,
        0.01, 500, 0);
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
    assertTrue(sentences.stream().anyMatch(s -> s.startsWith("The sweep has no λ = 0")), sentences.toString());
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
    ConfigurationSummary addition = new ConfigurationSummary(List.of("addition", new int[] {8}, "layered", "relu", true,
        1.0, "task", "adam", "subgradient", 0.01, 0, 0, 0.001, 2000, 0), 0.01, 24, 8,
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
}
