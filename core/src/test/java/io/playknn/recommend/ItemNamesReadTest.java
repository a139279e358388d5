package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemNamesReadTest {
  @TempDir Path dir;

  @Test
  void read_shippedArtists_thousandNamesInRowOrder() throws IOException {
    Path file = dir.resolve("artists.tsv");
    try (var in = ItemNamesReadTest.class.getResourceAsStream("/lastfm-seed/artists.tsv")) {
      Files.copy(in, file);
    }
    ItemNames names = ItemNames.read(file);
    assertThat(names.size()).isEqualTo(1000);
    assertThat(names.name(0)).isEqualTo("the beatles");
    assertThat(names.index("sigur rós")).isEqualTo(names.index("Sigur Ros"));
  }

  @Test
  void read_withoutHeader_nameKeepsTabsAfterTheFirst() throws IOException {
    Path file = Files.writeString(dir.resolve("n.tsv"), "0\ta\n1\tb\tc\n");
    assertThat(ItemNames.read(file).names()).containsExactly("a", "b\tc");
  }

  @Test
  void read_indexOutOfOrder_namesFileLineAndRule() throws IOException {
    Path file = Files.writeString(dir.resolve("n.tsv"), "index\tartist\n0\ta\n2\tb\n");
    assertThatThrownBy(() -> ItemNames.read(file))
        .isInstanceOf(IOException.class)
        .hasMessage(file + " line 3: must be \"1<TAB>name\" (indices in order from 0), was \"2\tb\"");
  }

  @Test
  void read_duplicateName_namesItAndBothIndices() throws IOException {
    Path file = Files.writeString(dir.resolve("n.tsv"), "0\ta\n1\ta\n");
    assertThatThrownBy(() -> ItemNames.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"a\" is the name of items 0 and 1");
  }

  @Test
  void read_notUtf8_malformedInput() throws IOException {
    Path file = Files.write(dir.resolve("n.tsv"), List.of("0\tqueensr\u00ffche"), StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> ItemNames.read(file)).isInstanceOf(MalformedInputException.class);
  }
}
