package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.structsweep.sweep.Settings;
import dev.structsweep.testing.Specs;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportDataTest {
  /** A configuration of XOR on [2,4,1] at λ and ε, over 20 seeds. */
  private static ConfigurationSummary xor(double lambda, double epsilon) {
    List<Object> settings = Specs.configuration(Map.of(Settings.LAMBDA, lambda, Settings.LEARNING_RATE, 0.01,
        Settings.EPOCHS, 500));
    ConfigurationSummary.Spread spread = new ConfigurationSummary.Spread(0, 0.5, 0.5, 0.5, 1);
    return new ConfigurationSummary(settings, epsilon, 12, 4, new ConfigurationSummary.Outcomes(20, 12, 6, 2, 0, 0),
        "accuracy", new ConfigurationSummary.Spread(0.5, 0.75, 1, 1, 1), new ConfigurationSummary.Spread(3, 6, 6, 6, 12),
        spread, 0, new long[] {0, 0, 4, 6, 10});
  }

  private static Highlights named(ConfigurationSummary reliable, ConfigurationSummary most,
      ConfigurationSummary paper) {
    return new Highlights(Optional.ofNullable(reliable), Optional.ofNullable(most), Optional.ofNullable(paper),
        Optional.empty());
  }

  @Test
  void chartsOpenAtTheEpsilonMostNamedConfigurationsAreAt() {
    Highlights xor = named(xor(0.01, 0.05), xor(0.001, 0.05), xor(0.01, 0.01));
    assertEquals(0.05, ReportData.headlineEpsilon(List.of(xor)));
  }

  @Test
  void theHeadlinesOfEveryTaskCountTogether() {
    Highlights xor = named(null, null, xor(0.01, 0.01));
    Highlights addition = named(null, xor(0.001, 0.01), xor(0.01, 0.1));
    assertEquals(0.01, ReportData.headlineEpsilon(List.of(xor, addition)));
  }

  @Test
  void aTieGoesToTheSmallerEpsilon() {
    Highlights xor = named(xor(0.01, 0.1), null, xor(0.01, 0.01));
    assertEquals(0.01, ReportData.headlineEpsilon(List.of(xor)));
  }

  @Test
  void aHeadlineThatNamesNoConfigurationLeavesTheFirstEpsilon() {
    assertEquals(Double.NaN, ReportData.headlineEpsilon(List.of(named(null, null, null))));
  }
}
