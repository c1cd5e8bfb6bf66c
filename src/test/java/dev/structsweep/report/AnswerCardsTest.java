package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.testing.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers a page gives first: short, with their intervals, and honest about what the page lacks. */
class AnswerCardsTest {
  private static ConfigurationSummary xor(int hidden, double lambda, double learningRate, long solved, long stuck,
      double activeMedian, double epsilon) {
    List<Object> settings = Specs.configuration(Map.of(Settings.HIDDEN, new int[] {hidden}, Settings.LAMBDA, lambda,
        Settings.LEARNING_RATE, learningRate));
    int edges = 3 * hidden;
    return new ConfigurationSummary(settings, epsilon, edges, hidden,
        new ConfigurationSummary.Outcomes(200, solved, stuck, 200 - solved - stuck, 0, 0), "accuracy",
        new ConfigurationSummary.Spread(0.5, 0.75, 1, 1, 1),
        new ConfigurationSummary.Spread(0, activeMedian - 1, activeMedian, activeMedian + 1, edges),
        new ConfigurationSummary.Spread(0, 0.5, 1 - activeMedian / edges, 0.75, 1), 0, new long[] {0, 0, 4, 6, 190});
  }

  @Test
  void aCardSetsL1AgainstTheSameSettingsWithoutItWithIntervals() {
    List<ConfigurationSummary> page = List.of(xor(4, 0, 0.01, 144, 56, 12, 0.01), xor(4, 0.01, 0.01, 34, 166, 3, 0.01),
        xor(4, 0, 0.01, 144, 56, 12, 0.05), xor(4, 0.01, 0.01, 40, 160, 2, 0.05));
    List<AnswerCards.Card> cards = AnswerCards.ofArchitectures(Map.of("xor", page), 0.01);
    assertEquals(1, cards.size(), "one card per task and architecture, at one ε");
    AnswerCards.Card card = cards.get(0);
    assertEquals("XOR [2,4,1]", card.title());
    assertEquals("λ 0.01: L1 leaves a median 3 of 12 edges (q1–q3 2–4). Solved: 34 of 200 (12–23\u00a0%) against 144"
        + " of 200 (65–78\u00a0%) without L1. Stuck: 83.0\u00a0% (77–88\u00a0%) against 28.0\u00a0% (22–35\u00a0%).",
        card.answer());
    assertTrue(AnswerCards.words(card.answer()) <= AnswerCards.MAX_WORDS, card.answer());
    assertEquals("λ 0", card.names().get(1).name(), "named by what differs on the page");
    assertTrue(card.names().get(0).full().contains("adam subgradient λ=0.01 η=0.01"), "full settings a click away");
  }

  @Test
  void aPageWithThePapersSettingInFloat32AnswersWhetherFloat32ChangesIt() {
    ConfigurationSummary paper = xor(4, 0.01, 0.001, 17, 68, 3, 0.01);
    ConfigurationSummary float32 = variant(paper, Map.of(Settings.PRECISION, "float32"), 15, 70);
    List<ConfigurationSummary> page = List.of(paper, float32);
    List<AnswerCards.Card> cards = AnswerCards.questions(Map.of("xor", page), Map.of("xor", Highlights.of("xor", page)),
        Map.of(), 0.01);
    AnswerCards.Card card = cards.get(cards.size() - 1);
    assertEquals("Does float32 change it?", card.title());
    assertEquals("XOR: in float32 15 of 200 solve (5–12\u00a0%), 35.0\u00a0% stuck (29–42\u00a0%); in float64 17 of 200"
        + " (5–13\u00a0%), 34.0\u00a0% (28–41\u00a0%).", card.answer());
    assertTrue(AnswerCards.questions(Map.of("xor", List.of(paper)), Map.of("xor", Highlights.of("xor",
        List.of(paper))), Map.of(), 0.01).stream().noneMatch(c -> c.title().contains("float32")),
        "no float32 question without float32 on the page");
  }

  /** paper with the settings given changed: its outcomes solved and stuck of 200, the rest still improving. */
  private static ConfigurationSummary variant(ConfigurationSummary paper, Map<Setting<?>, Object> changed, long solved,
      long stuck) {
    List<Object> settings = new java.util.ArrayList<>(paper.settings());
    changed.forEach((setting, value) -> settings.set(Settings.CONFIGURATION.indexOf(setting), value));
    return new ConfigurationSummary(settings, paper.epsilon(), 12, 4,
        new ConfigurationSummary.Outcomes(200, solved, stuck, 200 - solved - stuck, 0, 0), "accuracy",
        paper.metricSpread(), paper.activeEdges(), new ConfigurationSummary.Spread(0, 0.5, 0.75, 0.75, 1), 0,
        new long[] {0, 0, 4, 6, 190});
  }

  /** The paper's XOR setting at another initialisation. */
  private static ConfigurationSummary initialised(ConfigurationSummary paper, double scale, String distribution,
      long solved, long stuck) {
    return variant(paper, Map.of(Settings.INIT_SCALE, scale, Settings.INIT_DISTRIBUTION, distribution), solved, stuck);
  }

  @Test
  void aPageWithThePapersSettingAtOtherInitialisationsAnswersWhetherTheInitialisationChangesIt() {
    ConfigurationSummary paper = xor(4, 0.01, 0.001, 17, 68, 3, 0.01);
    List<ConfigurationSummary> page = List.of(paper, initialised(paper, 0.25, "uniform", 0, 197),
        initialised(paper, 2.0, "normal", 36, 51), initialised(paper, 4.0, "uniform", 24, 14),
        initialised(paper, 4.0, "normal", 25, 18));
    List<AnswerCards.Card> cards = AnswerCards.questions(Map.of("xor", page), Map.of("xor", Highlights.of("xor", page)),
        Map.of(), 0.01);
    AnswerCards.Card card = cards.get(cards.size() - 1);
    assertEquals("Does the initialisation change it?", card.title());
    assertEquals("XOR, against the paper's: fewest stuck at init×4, uniform init, 14 (4–11\u00a0%) vs 68"
        + " (28–41\u00a0%); most solved at init×2, normal init, 36 (13–24\u00a0%) vs 17 (5–13\u00a0%).", card.answer());
    assertTrue(AnswerCards.words(card.answer()) <= AnswerCards.MAX_WORDS, card.answer());
    assertEquals(2, card.names().size(), "both named, their full settings a click away");
    assertTrue(AnswerCards.questions(Map.of("xor", List.of(paper)), Map.of("xor", Highlights.of("xor",
        List.of(paper))), Map.of(), 0.01).stream().noneMatch(c -> c.title().contains("initialisation")),
        "no initialisation question with one initialisation on the page");
  }

  /** paper with the settings given changed, its solved structures reduced: distances as L1 left them and after. */
  private static ConfigurationSummary reduced(ConfigurationSummary paper, Map<Setting<?>, Object> changed,
      long[] distance, long[] after, double epochs) {
    ConfigurationSummary v = variant(paper, changed, java.util.Arrays.stream(distance).sum(), 0);
    return new ConfigurationSummary(v.settings(), v.epsilon(), v.edges(), v.hiddenUnits(), v.outcomes(), v.metric(),
        v.metricSpread(), v.activeEdges(), v.sparsity(), 0, v.corners(), new ConfigurationSummary.Structure(6,
            distance[0], 0, 0, 0, 0, 0, ConfigurationSummary.Spread.NONE, ConfigurationSummary.Spread.NONE, distance,
            after, epochs));
  }

  @Test
  void aPageWithReducedStructuresAnswersWhetherTheSmallestIsFound() {
    ConfigurationSummary paper = xor(4, 0.01, 0.001, 17, 68, 3, 0.01);
    ConfigurationSummary fewer = reduced(paper, Map.of(Settings.LAMBDA, 0.0), new long[] {60, 50, 9, 0, 0, 0, 0},
        new long[] {100, 15, 4, 0, 0, 0, 0}, 3800);
    ConfigurationSummary most = reduced(paper, Map.of(Settings.LEARNING_RATE, 0.1), new long[] {125, 60, 14, 0, 0, 0,
        0}, new long[] {196, 3, 0, 0, 0, 0, 0}, 1900);
    List<ConfigurationSummary> page = List.of(paper, fewer, most);
    List<AnswerCards.Card> cards = AnswerCards.questions(Map.of("xor", page), Map.of("xor", Highlights.of("xor", page)),
        Map.of(), 0.01);
    AnswerCards.Card card = cards.get(cards.size() - 1);
    assertEquals("Does it find the smallest structure?", card.title());
    assertEquals("XOR: 196 of 200 at 6 edges", card.figures());
    assertEquals("XOR [2,4,1], λ 0.01, η 0.1: 196 of 200 at 6 edges (95–99\u00a0%) after the reduction, 125 by L1"
        + " alone; median 1,900 epochs.", card.answer());
    assertTrue(AnswerCards.words(card.answer()) <= AnswerCards.MAX_WORDS, card.answer());
    assertTrue(AnswerCards.questions(Map.of("xor", List.of(paper)), Map.of("xor", Highlights.of("xor",
        List.of(paper))), Map.of(), 0.01).stream().noneMatch(c -> c.title().contains("smallest")),
        "no such question without a reduction on the page");
  }

  @Test
  void withoutLambdaZeroTheCardAnswersWithWhatThePageHoldsAndSaysWhatWouldCompleteIt() {
    List<ConfigurationSummary> page = List.of(xor(8, 0.01, 0.01, 100, 80, 6, 0.01),
        xor(8, 0.01, 0.1, 180, 10, 9, 0.01));
    AnswerCards.Card card = AnswerCards.ofArchitectures(Map.of("xor", page), 0.01).get(0);
    assertTrue(card.answer().startsWith("η 0.1: a median 9 of 24 edges remain"), card.answer());
    assertTrue(card.answer().contains("adding 0 to its λ list would price L1"), card.answer());
    assertTrue(AnswerCards.words(card.answer()) <= AnswerCards.MAX_WORDS, card.answer());
  }

  @Test
  void thePapersSettingAnswersItsThreeQuestions() {
    ConfigurationSummary paper = new ConfigurationSummary(Specs.configuration(Map.of(Settings.LEARNING_RATE, 0.001,
        Settings.EPOCHS, 1000)), 0.01, 12, 4, new ConfigurationSummary.Outcomes(200, 17, 68, 115, 0, 0), "accuracy",
        new ConfigurationSummary.Spread(0.5, 0.5, 0.735, 0.745, 1), new ConfigurationSummary.Spread(0, 1, 3, 6, 12),
        new ConfigurationSummary.Spread(0.5, 0.5, 0.75, 0.9, 1), 0, new long[] {0, 10, 20, 150, 20});
    ConfigurationSummary dense = xor(8, 0, 0.01, 198, 2, 24, 0.01);
    List<ConfigurationSummary> ofTask = List.of(paper, dense);
    List<Seeds.Seed> seeds = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      seeds.add(new Seeds.Seed(i, i < 137 ? 0.5 : i < 165 ? 0.745 : 1.0, 3, 0.75, "stuck", 3, -0.001));
    }
    List<AnswerCards.Card> cards = AnswerCards.questions(Map.of("xor", ofTask),
        Map.of("xor", Highlights.of("xor", ofTask)), Map.of(paper.key(), seeds), 0.01);
    assertEquals(List.of("Why the paper's figures?", "What does L1 cost at the paper's setting?",
        "The sparsest structure that trains reliably"), cards.stream().map(AnswerCards.Card::title).toList());
    assertTrue(cards.get(0).answer().contains("XOR's 74.5 % is typical at the paper's setting (68.5\u00a0% of seeds"
        + " score below)"), cards.get(0).answer());
    assertTrue(cards.get(1).answer().contains("17 of 200 solve (5–13\u00a0%)")
        && cards.get(1).answer().contains("λ = 0 beside it would price L1"), cards.get(1).answer());
    for (AnswerCards.Card card : cards) {
      assertTrue(AnswerCards.words(card.answer()) <= AnswerCards.MAX_WORDS, card.answer());
    }
    assertTrue(AnswerCards.questions(Map.of("xor", List.of(dense)), Map.of("xor", Highlights.of("xor",
        List.of(dense))), Map.of(), 0.01).isEmpty(), "no questions on a page without the paper's setting");
  }

  @Test
  void theHeadlineEpsilonIsThePapersWhereThePageHasIt() {
    assertEquals(0.01, AnswerCards.headlineEpsilon(List.of(xor(4, 0, 0.01, 1, 1, 1, 0.001),
        xor(4, 0, 0.01, 1, 1, 1, 0.01))));
    assertEquals(0.05, AnswerCards.headlineEpsilon(List.of(xor(4, 0, 0.01, 1, 1, 1, 0.1),
        xor(4, 0, 0.01, 1, 1, 1, 0.05))));
  }
}
