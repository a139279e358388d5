package io.playknn.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws artists' 2-D projection as a scatter plot, with the names of the most-played artists (the
 * first rows: row 0 is the most played), like the reference's {@code artist_pca.png}. Pure {@code
 * java.awt}; works headless.
 */
final class ArtistMap {
  private static final Color POINT = new Color(70, 110, 170, 90);
  private static final Color LABELLED = new Color(200, 60, 40);
  private static final Color AXIS = new Color(90, 90, 90);
  private static final Color GRID = new Color(232, 232, 232);

  private ArtistMap() {}

  /**
   * Draws the plot.
   *
   * @param x every artist's first coordinate
   * @param y every artist's second coordinate
   * @param explained the fraction of variance each axis explains
   * @param names the name of every artist, same order
   * @param labelled how many of the first artists get a label
   * @param title the title line
   * @param width image width in pixels
   * @param height image height in pixels
   * @return the image
   */
  static BufferedImage draw(double[] x, double[] y, double[] explained, List<String> names, int labelled, String title, int width,
      int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);

    int left = 90;
    int right = 40;
    int top = 70;
    int bottom = 80;
    double minX = min(x);
    double maxX = max(x);
    double minY = min(y);
    double maxY = max(y);
    double padX = (maxX - minX) * 0.04;
    double padY = (maxY - minY) * 0.04;
    minX -= padX;
    maxX += padX;
    minY -= padY;
    maxY += padY;
    int plotW = width - left - right;
    int plotH = height - top - bottom;
    final double x0 = minX;
    final double y0 = minY;
    final double sx = plotW / (maxX - minX);
    final double sy = plotH / (maxY - minY);
    java.util.function.DoubleUnaryOperator px = v -> left + (v - x0) * sx;
    java.util.function.DoubleUnaryOperator py = v -> top + plotH - (v - y0) * sy;

    // Grid and ticks.
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    g.setFont(small);
    FontMetrics fm = g.getFontMetrics();
    for (double t : ticks(minX, maxX)) {
      int xx = (int) Math.round(px.applyAsDouble(t));
      g.setColor(GRID);
      g.drawLine(xx, top, xx, top + plotH);
      g.setColor(AXIS);
      String s = tick(t);
      g.drawString(s, xx - fm.stringWidth(s) / 2, top + plotH + 20);
    }
    for (double t : ticks(minY, maxY)) {
      int yy = (int) Math.round(py.applyAsDouble(t));
      g.setColor(GRID);
      g.drawLine(left, yy, left + plotW, yy);
      g.setColor(AXIS);
      String s = tick(t);
      g.drawString(s, left - 8 - fm.stringWidth(s), yy + fm.getAscent() / 2 - 2);
    }
    g.setColor(AXIS);
    g.setStroke(new BasicStroke(1.2f));
    g.drawRect(left, top, plotW, plotH);

    // Every artist.
    for (int i = names.size() - 1; i >= 0; i--) {
      boolean mark = i < labelled;
      double r = mark ? 4.5 : 3;
      g.setColor(mark ? LABELLED : POINT);
      g.fill(new Ellipse2D.Double(px.applyAsDouble(x[i]) - r, py.applyAsDouble(y[i]) - r, 2 * r, 2 * r));
    }

    // Labels, most played first, each at the first free spot around its point.
    Font label = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    g.setFont(label);
    fm = g.getFontMetrics();
    List<Rectangle2D> placed = new ArrayList<>();
    for (int i = 0; i < Math.min(labelled, names.size()); i++) {
      double cx = px.applyAsDouble(x[i]);
      double cy = py.applyAsDouble(y[i]);
      placed.add(new Rectangle2D.Double(cx - 5, cy - 5, 10, 10));
    }
    int ascent = fm.getAscent();
    int textH = fm.getAscent() + fm.getDescent();
    for (int i = 0; i < Math.min(labelled, names.size()); i++) {
      String s = names.get(i);
      int w = fm.stringWidth(s);
      double cx = px.applyAsDouble(x[i]);
      double cy = py.applyAsDouble(y[i]);
      // Candidate boxes: right, left, above, below the point, then the same further out.
      Rectangle2D best = null;
      boolean leader = false;
      search:
      for (int ring = 0; ring < 8; ring++) {
        double d = ring * 12;
        double[][] corners = {
          {7 + d, -textH / 2.0 - d}, {-7 - w - d, -textH / 2.0 - d},
          {-w / 2.0, -textH - 6 - d}, {-w / 2.0, 6 + d},
          {7 + d, -textH / 2.0 + d}, {-7 - w - d, -textH / 2.0 + d},
          {7 + d, -textH - 4 - d}, {-7 - w - d, 4 + d}
        };
        for (double[] c : corners) {
          Rectangle2D box = new Rectangle2D.Double(cx + c[0], cy + c[1], w, textH);
          if (inside(box, left, top, plotW, plotH) && placed.stream().noneMatch(box::intersects)) {
            best = box;
            leader = ring > 0;
            break search;
          }
        }
      }
      if (best == null) {
        best = new Rectangle2D.Double(cx + 7, cy - textH / 2.0, w, textH);
      }
      placed.add(new Rectangle2D.Double(best.getX() - 2, best.getY() - 1, w + 4, textH + 2));
      if (leader) {
        g.setColor(new Color(200, 60, 40, 140));
        g.setStroke(new BasicStroke(1f));
        double lx = Math.max(best.getMinX(), Math.min(cx, best.getMaxX()));
        double ly = Math.max(best.getMinY(), Math.min(cy, best.getMaxY()));
        g.drawLine((int) cx, (int) cy, (int) lx, (int) ly);
      }
      g.setColor(new Color(255, 255, 255, 200));
      g.fill(new Rectangle2D.Double(best.getX() - 1, best.getY(), w + 2, textH));
      g.setColor(new Color(30, 30, 30));
      g.drawString(s, (int) best.getX(), (int) (best.getY() + ascent));
    }

    // Titles.
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
    g.drawString(title, left, 40);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
    fm = g.getFontMetrics();
    String xl = String.format(Locale.ROOT, "principal component 1 (%.1f%% of variance)", 100 * explained[0]);
    g.drawString(xl, left + (plotW - fm.stringWidth(xl)) / 2, height - 25);
    String yl = String.format(Locale.ROOT, "principal component 2 (%.1f%% of variance)", 100 * explained[1]);
    Graphics2D gr = (Graphics2D) g.create();
    gr.rotate(-Math.PI / 2);
    gr.drawString(yl, -(top + (plotH + fm.stringWidth(yl)) / 2), 28);
    gr.dispose();
    g.dispose();
    return img;
  }

  private static boolean inside(Rectangle2D box, int left, int top, int w, int h) {
    return box.getMinX() >= left + 2 && box.getMaxX() <= left + w - 2
        && box.getMinY() >= top + 2 && box.getMaxY() <= top + h - 2;
  }

  /** About six round tick values covering [lo, hi]. */
  static double[] ticks(double lo, double hi) {
    double raw = (hi - lo) / 6;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
    List<Double> out = new ArrayList<>();
    for (double t = Math.ceil(lo / step) * step; t <= hi; t += step) {
      out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String tick(double t) {
    String s = String.format(Locale.ROOT, "%.2f", t);
    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s.equals("-0") ? "0" : s;
  }

  private static double min(double[] a) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : a) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] a) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
