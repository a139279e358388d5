/** Readers of the Last.fm 360K and hetrec 2K files, the dataset builder and the synthetic generator. */
module io.playknn.lastfm {
  requires transitive io.playknn.core;
  requires it.unimi.dsi.fastutil.core;

  exports io.playknn.lastfm;
}
