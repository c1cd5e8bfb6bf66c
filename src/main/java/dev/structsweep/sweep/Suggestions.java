package dev.structsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What a misspelled key was meant to be: the reference's nearest key by edit distance, if one is near. */
final class Suggestions {
  private Suggestions() {}

  /** "; did you mean sweep.lambda?" for the reference's key nearest path, if one is near. */
  static String suggestion(String path, Config reference, String root) {
    String best = null;
    int bestDistance = 4;
    Set<String> candidates = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> entry : reference.getConfig(root).entrySet()) {
      candidates.add(root + "." + entry.getKey());
    }
    for (String candidate : candidates) {
      int distance = editDistance(path, candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best == null ? " (the settings are documented in reference.conf)" : "; did you mean " + best + "?";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
