/** Hit rate and held-out ranking metrics, baselines, confidence intervals and paired tests. */
module io.playknn.eval {
  requires transitive io.playknn.core;
  // The evaluation reads raw Last.fm and hetrec files through the dataset builder.
  requires io.playknn.lastfm;
  // The evaluation chart is drawn with Java 2D and written with ImageIO.
  requires java.desktop;
  // commons-math3 3.6.1 has no module name: its jar's file name gives it one.
  requires commons.math3;

  exports io.playknn.eval;
}
