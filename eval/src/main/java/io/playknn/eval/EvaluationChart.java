package io.playknn.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Draws an {@link EvaluationReport} as a PNG: one panel per measure (hit rate and NDCG at K), one
 * horizontal bar per recommender at its mean, with the 95% interval as a whisker and the value
 * printed beside it. Headless (no display needed).
 */
public final class EvaluationChart {
  private static final Measure[] MEASURES = {Measure.HIT_RATE, Measure.NDCG};
  private static final int ROW = 34;
  private static final int TOP = 70;
  private static final int LABEL = 330;
  private static final int PANEL = 420;
  private static final int GAP = 150;

  private EvaluationChart() {}

  /**
   * @param report the report to draw
   * @param title the chart's title
   * @return the image
   */
  public static BufferedImage draw(EvaluationReport report, String title) {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(title, "title");
    System.setProperty("java.awt.headless", "true");
    List<EvaluationReport.Row> rows = report.rows();
    int width = LABEL + MEASURES.length * (PANEL + GAP);
    int height = TOP + rows.size() * ROW + 60;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, 12, 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(
        report.protocol() + ", " + report.users() + " test users; bars: mean, whiskers: 95% t-interval",
        12,
        44);
    FontMetrics fm = g.getFontMetrics();
    for (int r = 0; r < rows.size(); r++) {
      String name = rows.get(r).name();
      int y = TOP + r * ROW + ROW / 2 + fm.getAscent() / 2;
      g.setColor(Color.BLACK);
      g.drawString(name, LABEL - 10 - fm.stringWidth(name), y);
    }
    for (int m = 0; m < MEASURES.length; m++) {
      Measure measure = MEASURES[m];
      int x0 = LABEL + m * (PANEL + GAP);
      double max = 0;
      for (EvaluationReport.Row row : rows) {
        max = Math.max(max, row.estimate(measure).upper());
      }
      double scale = niceCeiling(max);
      g.setColor(Color.BLACK);
      g.drawString(measure.label() + "@" + report.k(), x0, TOP - 8);
      g.setColor(new Color(0xDDDDDD));
      for (int tick = 0; tick <= 4; tick++) {
        int x = x0 + (int) Math.round(PANEL * tick / 4.0);
        g.drawLine(x, TOP, x, TOP + rows.size() * ROW);
        String label = String.format(Locale.ROOT, "%.2f", scale * tick / 4);
        g.setColor(Color.DARK_GRAY);
        g.drawString(label, x - fm.stringWidth(label) / 2, TOP + rows.size() * ROW + 18);
        g.setColor(new Color(0xDDDDDD));
      }
      for (int r = 0; r < rows.size(); r++) {
        Estimate e = rows.get(r).estimate(measure);
        int y = TOP + r * ROW + 6;
        int bar = (int) Math.round(PANEL * e.mean() / scale);
        g.setColor(new Color(0x4C78A8));
        g.fillRect(x0, y, Math.max(1, bar), ROW - 12);
        int lo = x0 + (int) Math.round(PANEL * e.lower() / scale);
        int hi = x0 + (int) Math.round(PANEL * e.upper() / scale);
        int mid = y + (ROW - 12) / 2;
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2));
        g.drawLine(lo, mid, hi, mid);
        g.drawLine(lo, y + 2, lo, y + ROW - 14);
        g.drawLine(hi, y + 2, hi, y + ROW - 14);
        g.setStroke(new BasicStroke(1));
        String value =
            String.format(Locale.ROOT, "%.4f ± %.4f", e.mean(), e.halfWidth());
        g.drawString(value, hi + 6, mid + fm.getAscent() / 2 - 1);
      }
    }
    g.dispose();
    return image;
  }

  /**
   * Writes the chart as a PNG, creating parent directories.
   *
   * @param report the report
   * @param title the title
   * @param file the PNG to write
   * @throws IOException if writing fails
   */
  public static void write(EvaluationReport report, String title, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(draw(report, title), "png", file.toFile())) {
      throw new IOException("no PNG writer available for " + file);
    }
  }

  /** The smallest of 1, 2, 4, 5, 10 times a power of ten that is at least {@code x}. */
  private static double niceCeiling(double x) {
    if (!(x > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(x)));
    for (double f : new double[] {1, 2, 4, 5, 10}) {
      if (f * p >= x) {
        return f * p;
      }
    }
    return 10 * p;
  }
}
