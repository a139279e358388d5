package io.playknn.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReferenceDataTest {

  private static io.playknn.recommend.ItemNames read(String text) throws IOException {
    return ReferenceData.readNames(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "artists.tsv");
  }

  @Test
  void fromClassPath_shapesAndNamesAgree() {
    ReferenceData d = ReferenceData.fromClassPath();
    assertThat(d.matrix().rows()).isEqualTo(1000);
    assertThat(d.matrix().columns()).isEqualTo(9994);
    assertThat(d.matrix().nonZeros()).isEqualTo(293_439);
    assertThat(d.names().name(0)).isEqualTo("the beatles");
    assertThat(d.names().name(32)).isEqualTo("sigur rós");
  }

  @Test
  void readNames_acceptsWellFormedFile() throws IOException {
    assertThat(read("index\tartist\n0\tbjörk\n1\tbeyoncé\n").names())
        .containsExactly("björk", "beyoncé");
  }

  @Test
  void readNames_reportsFileLineAndReason() {
    assertThatThrownBy(() -> read("idx\tname\n0\ta\n"))
        .hasMessageContaining("artists.tsv:1: header must be");
    assertThatThrownBy(() -> read("index\tartist\n0\ta\n2\tb\n"))
        .hasMessageContaining("artists.tsv:3: index must be 1, was \"2\"");
    assertThatThrownBy(() -> read("index\tartist\n0\ta\tx\n"))
        .hasMessageContaining("artists.tsv:2: expected 2 tab-separated fields");
    assertThatThrownBy(() -> read("index\tartist\n0\ta\n1\ta\n"))
        .hasMessageContaining("artists.tsv: item names must be unique");
    byte[] bad = {
      'i',
      'n',
      'd',
      'e',
      'x',
      '\t',
      'a',
      'r',
      't',
      'i',
      's',
      't',
      '\n',
      '0',
      '\t',
      (byte) 0xC3,
      '\n'
    };
    assertThatThrownBy(() -> ReferenceData.readNames(new ByteArrayInputStream(bad), "artists.tsv"))
        .hasMessageContaining("not valid UTF-8");
  }
}
