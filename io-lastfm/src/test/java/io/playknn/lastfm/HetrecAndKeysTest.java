package io.playknn.lastfm;

import static io.playknn.lastfm.PlaysReaderTest.entries;
import static io.playknn.lastfm.ReferenceReproductionTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hetrec 2K reader, the MBID artist key, the country filter and the builder's checks. */
class HetrecAndKeysTest {
  @TempDir Path tmp;

  private static LastfmDataset hetrec(Path userArtists, Path artists) throws IOException {
    return LastfmDataset.builder()
        .hetrec(userArtists, artists)
        .topUsers(Integer.MAX_VALUE)
        .topArtists(Integer.MAX_VALUE)
        .weighting(Weighting.raw())
        .build();
  }

  @Test
  void build_hetrecFixture_readsUsersArtistsAndWeights() throws IOException {
    LastfmDataset d =
        hetrec(resource("/fixtures/hetrec-user_artists.dat"), resource("/fixtures/hetrec-artists.dat"));
    ReadReport artists = d.reports().get(0);
    assertThat(artists.linesRead()).isEqualTo(6);
    assertThat(artists.linesKept()).isEqualTo(4);
    assertThat(artists.skipped())
        .containsExactly(Map.entry(Defect.ID_NOT_INTEGER, 1L), Map.entry(Defect.DUPLICATE_ARTIST_ID, 1L));
    assertThat(artists.examples()).extracting(SkippedLine::line).containsExactly(6L, 7L);
    ReadReport plays = d.reports().get(1);
    assertThat(plays.linesRead()).isEqualTo(9);
    assertThat(plays.linesKept()).isEqualTo(6);
    assertThat(plays.skipped())
        .containsExactly(
            Map.entry(Defect.WRONG_FIELD_COUNT, 1L),
            Map.entry(Defect.PLAYS_NOT_INTEGER, 1L),
            Map.entry(Defect.UNKNOWN_ARTIST_ID, 1L));
    assertThat(d.artists().keys())
        .containsExactly("MALICE MIZER", "Diary of Dreams", "Motörhead", "Guns N' Roses");
    assertThat(d.users().keys()).containsExactly("2", "3", "4");
    assertThat(entries(d))
        .isEqualTo(
            Map.of(
                "MALICE MIZER", Map.of("2", 13883.0),
                "Diary of Dreams", Map.of("2", 11690.0),
                "Guns N' Roses", Map.of("2", 5.0, "3", 100.0),
                "Motörhead", Map.of("3", 250.0, "4", 7.0)));
    assertThat(d.artistPlays()).containsExactly(13883, 11690, 257, 105);
    assertThat(d.artistListeners()).containsExactly(1, 1, 2, 2);
    assertThat(d.userPlays()).containsExactly(25578, 350, 7);
  }

  @Test
  void build_hetrecLineWithSeveralDefects_reportsTheFirstInDeclarationOrder() throws IOException {
    Path artists = tmp.resolve("artists.dat");
    Files.writeString(
        artists,
        HetrecReader.ARTISTS_HEADER + "\n"
            + "x1\t\thttp://a\thttp://b\n" // id not an integer and empty name
            + "1\tA\thttp://a\thttp://b\n");
    Path plays = tmp.resolve("user_artists.dat");
    Files.writeString(
        plays,
        HetrecReader.USER_ARTISTS_HEADER + "\n"
            + "u\t1\tabc\n" // user id and plays both bad
            + "2147483648\t1\t5\n" // user id above 2^31 - 1
            + "2\t1\t5\n");
    LastfmDataset d = hetrec(plays, artists);
    assertThat(d.reports().get(0).skipped()).containsExactly(Map.entry(Defect.EMPTY_ARTIST, 1L));
    assertThat(d.reports().get(1).skipped())
        .containsExactly(
            Map.entry(Defect.PLAYS_NOT_INTEGER, 1L), Map.entry(Defect.ID_NOT_INTEGER, 1L));
    assertThat(Defect.ID_NOT_INTEGER.description())
        .isEqualTo("id is not a decimal integer in [0, 2147483647]");
    assertThat(entries(d)).isEqualTo(Map.of("A", Map.of("2", 5.0)));
  }

  @Test
  void build_hetrecBadHeader_throwsWithLineOne() throws IOException {
    Path bad = tmp.resolve("user_artists.dat");
    Files.writeString(bad, "user\tartist\tweight\n2\t1\t3\n");
    assertThatThrownBy(() -> hetrec(bad, resource("/fixtures/hetrec-artists.dat")))
        .isInstanceOfSatisfying(
            LastfmFormatException.class,
            e -> {
              assertThat(e.defect()).isEqualTo(Defect.BAD_HEADER);
              assertThat(e.line()).isEqualTo(1);
              assertThat(e.file()).isEqualTo(bad.toString());
            });
  }

  private Path mbidFile() throws IOException {
    Path f = tmp.resolve("mbid.tsv");
    Files.writeString(
        f,
        "u1\tm1\tname a\t5\n"
            + "u1\t\tname a\t3\n"
            + "u2\tm1\tName A variant\t2\n"
            + "u2\tm2\tname b\t1\n"
            + "u2\tm2\tname b\t4\n",
        StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void build_mbidKey_mergesByMbidAndFallsBackToName() throws IOException {
    LastfmDataset d =
        LastfmDataset.builder().plays(mbidFile()).artistKey(ArtistKey.MBID)
            .weighting(Weighting.raw()).build();
    assertThat(d.artists().keys()).containsExactly("m1", "m2", "name a");
    assertThat(d.artistNames()).containsExactly("name a", "name b", "name a");
    assertThat(d.artistPlays()).containsExactly(7, 5, 3);
    assertThat(entries(d))
        .isEqualTo(
            Map.of(
                "m1", Map.of("u1", 5.0, "u2", 2.0),
                "m2", Map.of("u2", 5.0),
                "name a", Map.of("u1", 3.0)));
  }

  /** Under MBID keys two rows may share a display name: a model refuses them, naming it. */
  @Test
  void build_mbidKey_repeatedDisplayName_isRefusedByTheModelButNotItsKeys() throws IOException {
    LastfmDataset d = LastfmDataset.builder().plays(mbidFile()).artistKey(ArtistKey.MBID).build();
    io.playknn.knn.KnnOptions options = io.playknn.knn.KnnOptions.defaults();
    assertThatThrownBy(() -> io.playknn.model.KnnModel.fit(d.matrix(), options, d.artistNames()))
        .isInstanceOf(io.playknn.recommend.DuplicateItemNameException.class)
        .hasMessage("item names must be unique, but \"name a\" is the name of items 0 and 2");
    assertThat(io.playknn.model.KnnModel.fit(d.matrix(), options, d.artists().keys()).itemNames())
        .containsExactly("m1", "m2", "name a");
  }

  @Test
  void build_nameKey_mergesByNameAndSumsDuplicates() throws IOException {
    LastfmDataset d = LastfmDataset.builder().plays(mbidFile()).weighting(Weighting.raw()).build();
    assertThat(d.artists().keys()).containsExactly("name a", "name b", "Name A variant");
    assertThat(entries(d))
        .isEqualTo(
            Map.of(
                "name a", Map.of("u1", 8.0),
                "name b", Map.of("u2", 5.0),
                "Name A variant", Map.of("u2", 2.0)));
  }

  @Test
  void build_topCuts_dropUsersWithoutKeptArtists() throws IOException {
    // u3 plays most (100) but only artist c, which is cut by topArtists(2); u3 drops out.
    Path f = tmp.resolve("cut.tsv");
    Files.writeString(f, "u1\t\ta\t30\nu1\t\tb\t20\nu2\t\ta\t10\nu2\t\tb\t15\nu3\t\tc\t24\n");
    LastfmDataset d = LastfmDataset.builder().plays(f).topUsers(3).topArtists(2)
        .weighting(Weighting.raw()).build();
    assertThat(d.artists().keys()).containsExactly("a", "b");
    assertThat(d.users().keys()).containsExactly("u1", "u2");
    // Artist c total 24 ties nothing: a=40, b=35, c=24. With topUsers(1) only u1 is kept.
    LastfmDataset one = LastfmDataset.builder().plays(f).topUsers(1).weighting(Weighting.raw()).build();
    assertThat(one.users().keys()).containsExactly("u1");
    assertThat(one.artists().keys()).containsExactly("a", "b");
  }

  @Test
  void build_countryFilter_keepsOnlyThoseCountries() throws IOException {
    Path plays = tmp.resolve("p.tsv");
    Path profiles = tmp.resolve("profile.tsv");
    Files.writeString(plays, "us\t\ta\t1\nde\t\tb\t50\nnone\t\tc\t70\nus2\t\tb\t2\n");
    Files.writeString(
        profiles,
        "us\tm\t22\tUnited States\tFeb 1, 2007\nde\tf\t\tGermany\t\nus2\t\t\tUnited States\t\n");
    LastfmDataset us = LastfmDataset.referenceSettings().plays(plays).profiles(profiles)
        .weighting(Weighting.raw()).build();
    assertThat(us.users().keys()).containsExactly("us2", "us");
    assertThat(us.artists().keys()).containsExactly("b", "a");
    LastfmDataset all = LastfmDataset.builder().plays(plays).profiles(profiles)
        .weighting(Weighting.raw()).build();
    assertThat(all.users().keys()).containsExactly("none", "de", "us2", "us");
    assertThat(all.reports()).hasSize(2);
  }

  @Test
  void build_nonsenseSettings_areRejectedWithMessages() throws IOException {
    Path f = mbidFile();
    assertThatThrownBy(() -> LastfmDataset.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no input: call plays(Path) or hetrec(Path, Path)");
    assertThatThrownBy(() -> LastfmDataset.referenceSettings().plays(f).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("countries [United States] given without a profile file: call profiles(Path)");
    assertThatThrownBy(() -> LastfmDataset.builder().plays(f).topUsers(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topUsers must be >= 1, was 0");
    assertThatThrownBy(() -> LastfmDataset.builder().plays(f).topArtists(-3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("topArtists must be >= 1, was -3");
    assertThatThrownBy(() -> LastfmDataset.builder().plays(f).hetrec(f, f).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("both plays(");
  }

  @Test
  void idMapping_mapsBothWaysAndRejectsDuplicates() {
    IdMapping m = IdMapping.of(List.of("b", "a", "c"));
    assertThat(m.size()).isEqualTo(3);
    assertThat(m.key(1)).isEqualTo("a");
    assertThat(m.index("c")).isEqualTo(2);
    assertThat(m.find("c")).hasValue(2);
    assertThat(m.find("zzz")).isEmpty();
    assertThatThrownBy(() -> m.index("zzz"))
        .isInstanceOf(io.playknn.recommend.UnknownItemException.class)
        .hasMessage("unknown item name \"zzz\"");
    assertThatThrownBy(() -> m.key(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index must be in [0, 3) (size), was 3");
    assertThatThrownBy(() -> IdMapping.of(List.of("x", "y", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keys must be distinct, key \"x\" is at indices 0 and 2");
  }
}
