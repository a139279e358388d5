package io.playknn.eval;

import io.playknn.internal.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The result of an {@link Evaluation}: per algorithm, the mean of every {@link Measure} over test
 * users with its 95% t-interval, catalogue coverage, and paired tests (the first algorithm against
 * each other one, on every measure). Prints as an aligned text table, CSV or JSON. Immutable.
 */
public final class EvaluationReport {
  private final String protocol;
  private final int k;
  private final int users;
  private final int items;
  private final List<Row> rows;
  private final List<PairedTest> pairedTests;

  EvaluationReport(String protocol, int k, int users, int items, List<Row> rows) {
    this.protocol = protocol;
    this.k = k;
    this.users = users;
    this.items = items;
    this.rows = List.copyOf(rows);
    List<PairedTest> tests = new ArrayList<>();
    for (int b = 1; b < rows.size(); b++) {
      for (Measure m : Measure.values()) {
        tests.add(paired(rows.get(0).name(), rows.get(b).name(), m));
      }
    }
    this.pairedTests = List.copyOf(tests);
  }

  /** One algorithm's results. */
  public static final class Row {
    private final String name;
    private final double[][] values;
    private final Estimate[] estimates;
    private final double coverage;

    Row(String name, double[][] values, double coverage) {
      this.name = name;
      this.values = values;
      this.coverage = coverage;
      this.estimates = new Estimate[values.length];
      for (int m = 0; m < values.length; m++) {
        estimates[m] = Statistics.mean(values[m]);
      }
    }

    /**
     * @return the algorithm's name
     */
    public String name() {
      return name;
    }

    /**
     * @param measure a measure
     * @return its mean over test users with the 95% interval
     */
    public Estimate estimate(Measure measure) {
      return estimates[measure.ordinal()];
    }

    /**
     * @param measure a measure
     * @return its value for each test user, in test-user order (a copy)
     */
    public double[] values(Measure measure) {
      return values[measure.ordinal()].clone();
    }

    /**
     * @return catalogue coverage at K, in {@code [0, 1]}
     */
    public double coverage() {
      return coverage;
    }
  }

  /**
   * @return a description of the split, e.g. {@code HoldoutSplit[leave-5-out, …]}
   */
  public String protocol() {
    return protocol;
  }

  /**
   * @return the cut-off K
   */
  public int k() {
    return k;
  }

  /**
   * @return the number of test users every mean is over
   */
  public int users() {
    return users;
  }

  /**
   * @return the catalogue size
   */
  public int items() {
    return items;
  }

  /**
   * @return one row per algorithm, in the order they were given
   */
  public List<Row> rows() {
    return rows;
  }

  /**
   * @param name an algorithm's name
   * @return its row
   * @throws IllegalArgumentException if no algorithm has that name
   */
  public Row row(String name) {
    Objects.requireNonNull(name, "name");
    for (Row r : rows) {
      if (r.name.equals(name)) {
        return r;
      }
    }
    List<String> known = new ArrayList<>();
    rows.forEach(r -> known.add(r.name));
    throw new IllegalArgumentException("no algorithm named \"" + name + "\"; report has " + known);
  }

  /**
   * This report with one more row from a report over the same test users (for a chart or a table
   * that combines two runs on the same split).
   *
   * @param row a row of a report with the same protocol, K and users
   * @return a new report, the row last
   * @throws IllegalArgumentException if the name repeats or the row holds another number of users
   */
  EvaluationReport with(Row row) {
    Checks.require(
        rows.stream().noneMatch(r -> r.name.equals(row.name)),
        "algorithm names must be distinct, \"%s\" repeats",
        row.name);
    Checks.require(
        row.values[0].length == users,
        "a row must hold %d users, held %d",
        users,
        row.values[0].length);
    List<Row> all = new ArrayList<>(rows);
    all.add(row);
    return new EvaluationReport(protocol, k, users, items, all);
  }

  /**
   * @return the first algorithm against each other one, on every measure
   */
  public List<PairedTest> pairedTests() {
    return pairedTests;
  }

  /**
   * A paired test of any two algorithms of this report on one measure, over the same test users.
   *
   * @param first an algorithm's name
   * @param second another algorithm's name
   * @param measure the measure
   * @return the test of {@code first - second}
   * @throws IllegalArgumentException if a name is unknown
   */
  public PairedTest paired(String first, String second, Measure measure) {
    Objects.requireNonNull(measure, "measure");
    Checks.require(
        !first.equals(second),
        "a paired test needs two different algorithms, got \"%s\" twice",
        first);
    return Statistics.paired(
        measure.id(),
        first,
        row(first).values[measure.ordinal()],
        second,
        row(second).values[measure.ordinal()]);
  }

  // ---------------------------------------------------------------- text table

  /**
   * @return the report as aligned text: one table of means ± half-widths, one of paired tests
   */
  public String toTable() {
    List<String[]> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add("algorithm");
    for (Measure m : Measure.values()) {
      header.add(m.label() + (m.ordinal() <= Measure.MRR.ordinal() ? "@" + k : ""));
    }
    header.add("coverage");
    lines.add(header.toArray(new String[0]));
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      cells.add(r.name);
      for (Measure m : Measure.values()) {
        Estimate e = r.estimate(m);
        cells.add(format(e.mean()) + " ± " + format(e.halfWidth()));
      }
      cells.add(format(r.coverage));
      lines.add(cells.toArray(new String[0]));
    }
    StringBuilder sb = new StringBuilder();
    sb.append(protocol)
        .append(", K = ")
        .append(k)
        .append(", ")
        .append(users)
        .append(" test users, ")
        .append(items)
        .append(" items; mean ± half-width of the 95% t-interval\n");
    align(sb, lines, 1);
    if (!pairedTests.isEmpty()) {
      sb.append("\nPaired tests over the same ")
          .append(users)
          .append(" users (difference = first - second):\n");
      List<String[]> tests = new ArrayList<>();
      tests.add(
          new String[] {
            "first", "second", "measure", "difference", "95% CI", "t", "p(t)", "z(W)", "p(W)"
          });
      for (PairedTest t : pairedTests) {
        Estimate d = t.difference();
        tests.add(
            new String[] {
              t.first(),
              t.second(),
              t.metric(),
              format(d.mean()),
              "[" + format(d.lower()) + ", " + format(d.upper()) + "]",
              String.format(Locale.ROOT, "%.2f", t.tStatistic()),
              pValue(t.tPValue()),
              String.format(Locale.ROOT, "%.2f", t.wilcoxonZ()),
              pValue(t.wilcoxonPValue())
            });
      }
      align(sb, tests, 3);
    }
    return sb.toString();
  }

  /** Pads cells to column width: the first {@code left} columns left-aligned, the rest right. */
  private static void align(StringBuilder sb, List<String[]> lines, int left) {
    int columns = lines.get(0).length;
    int[] width = new int[columns];
    for (String[] line : lines) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], line[c].codePointCount(0, line[c].length()));
      }
    }
    for (int l = 0; l < lines.size(); l++) {
      String[] line = lines.get(l);
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        int pad = width[c] - line[c].codePointCount(0, line[c].length());
        if (c < left) {
          text.append(c == 0 ? "" : "  ").append(line[c]).append(" ".repeat(pad));
        } else {
          text.append("  ").append(" ".repeat(pad)).append(line[c]);
        }
      }
      sb.append(text.toString().stripTrailing()).append('\n');
      if (l == 0) {
        int total = 0;
        for (int w : width) {
          total += w + 2;
        }
        sb.append("-".repeat(total - 2)).append('\n');
      }
    }
  }

  private static String format(double x) {
    return Double.isNaN(x) ? "NaN" : String.format(Locale.ROOT, "%.4f", x);
  }

  /** Four decimals, scientific below 1e-4; a p-value that underflowed to 0 prints as a bound. */
  private static String pValue(double p) {
    if (p == 0) {
      return "<1e-300";
    }
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  // ---------------------------------------------------------------- CSV

  /**
   * The means as CSV, one line per algorithm and measure (coverage as measure {@code coverage} with
   * empty interval and {@code n}): {@code algorithm,measure,k,mean,ci_lower,ci_upper,n}. Fields are
   * quoted when they hold a comma, quote or line break (RFC 4180).
   *
   * @return the CSV text, header first, lines ending in {@code \n}
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("algorithm,measure,k,mean,ci_lower,ci_upper,n\n");
    for (Row r : rows) {
      for (Measure m : Measure.values()) {
        Estimate e = r.estimate(m);
        sb.append(csv(r.name))
            .append(',')
            .append(m.id())
            .append(',')
            .append(k)
            .append(',')
            .append(number(e.mean()))
            .append(',')
            .append(number(e.lower()))
            .append(',')
            .append(number(e.upper()))
            .append(',')
            .append(e.n())
            .append('\n');
      }
      sb.append(csv(r.name))
          .append(",coverage,")
          .append(k)
          .append(',')
          .append(number(r.coverage))
          .append(",,,\n");
    }
    return sb.toString();
  }

  /**
   * The paired tests as CSV: {@code
   * first,second,measure,difference,ci_lower,ci_upper,n,t,p_t,wilcoxon_z,p_wilcoxon}.
   *
   * @return the CSV text, header first
   */
  public String pairedTestsCsv() {
    StringBuilder sb =
        new StringBuilder(
            "first,second,measure,difference,ci_lower,ci_upper,n,t,p_t,wilcoxon_z,p_wilcoxon\n");
    for (PairedTest t : pairedTests) {
      Estimate d = t.difference();
      sb.append(csv(t.first()))
          .append(',')
          .append(csv(t.second()))
          .append(',')
          .append(t.metric())
          .append(',')
          .append(number(d.mean()))
          .append(',')
          .append(number(d.lower()))
          .append(',')
          .append(number(d.upper()))
          .append(',')
          .append(d.n())
          .append(',')
          .append(number(t.tStatistic()))
          .append(',')
          .append(number(t.tPValue()))
          .append(',')
          .append(number(t.wilcoxonZ()))
          .append(',')
          .append(number(t.wilcoxonPValue()))
          .append('\n');
    }
    return sb.toString();
  }

  private static String csv(String field) {
    if (field.contains(",")
        || field.contains("\"")
        || field.contains("\n")
        || field.contains("\r")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }

  /** Shortest round-trip decimal; NaN as an empty field. */
  private static String number(double x) {
    return Double.isNaN(x) ? "" : Double.toString(x);
  }

  // ---------------------------------------------------------------- JSON

  /**
   * The whole report as one JSON object: {@code protocol}, {@code k}, {@code users}, {@code items},
   * {@code algorithms} (each with {@code name}, {@code coverage} and, per measure id, {@code mean},
   * {@code ci_lower}, {@code ci_upper}, {@code n}) and {@code paired_tests}. NaN is written as
   * {@code null}.
   *
   * @return the JSON text
   */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"protocol\": ").append(json(protocol)).append(",\n");
    sb.append("  \"k\": ").append(k).append(",\n");
    sb.append("  \"users\": ").append(users).append(",\n");
    sb.append("  \"items\": ").append(items).append(",\n");
    sb.append("  \"algorithms\": [");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(json(r.name));
      sb.append(", \"coverage\": ").append(jsonNumber(r.coverage));
      for (Measure m : Measure.values()) {
        Estimate e = r.estimate(m);
        sb.append(",\n      \"").append(m.id()).append("\": ").append(json(e));
      }
      sb.append("}");
    }
    sb.append("\n  ],\n  \"paired_tests\": [");
    for (int i = 0; i < pairedTests.size(); i++) {
      PairedTest t = pairedTests.get(i);
      sb.append(i == 0 ? "\n" : ",\n")
          .append("    {\"first\": ")
          .append(json(t.first()))
          .append(", \"second\": ")
          .append(json(t.second()))
          .append(", \"measure\": ")
          .append(json(t.metric()))
          .append(", \"difference\": ")
          .append(json(t.difference()))
          .append(", \"t\": ")
          .append(jsonNumber(t.tStatistic()))
          .append(", \"p_t\": ")
          .append(jsonNumber(t.tPValue()))
          .append(", \"wilcoxon_z\": ")
          .append(jsonNumber(t.wilcoxonZ()))
          .append(", \"p_wilcoxon\": ")
          .append(jsonNumber(t.wilcoxonPValue()))
          .append('}');
    }
    return sb.append("\n  ]\n}\n").toString();
  }

  private static String json(Estimate e) {
    return "{\"mean\": "
        + jsonNumber(e.mean())
        + ", \"ci_lower\": "
        + jsonNumber(e.lower())
        + ", \"ci_upper\": "
        + jsonNumber(e.upper())
        + ", \"n\": "
        + e.n()
        + "}";
  }

  private static String jsonNumber(double x) {
    return Double.isFinite(x) ? Double.toString(x) : "null";
  }

  /** A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped. */
  static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public String toString() {
    return toTable();
  }
}
