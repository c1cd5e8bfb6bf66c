package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import org.apache.spark.sql.Column;

/** The rows of one configuration's trainings, any ε: every setting of {@link Settings#CONFIGURATION} equal. */
final class Selection {
  private Selection() {}

  static Column training(ConfigurationSummary s) {
    Column all = lit(true);
    for (Setting<?> setting : Settings.CONFIGURATION) {
      all = all.and(col(setting.column()).equalTo(lit(s.setting(setting))));
    }
    return all;
  }
}
