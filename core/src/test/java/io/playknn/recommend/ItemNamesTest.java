package io.playknn.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ItemNamesTest {
  private static final ItemNames NAMES =
      ItemNames.of(List.of("the beatles", "beyoncé", "sigur rós", "Beyonce", "björk", "nirvana"));

  @Test
  void index_exactNameWins() {
    // "Beyonce" (3) and "beyoncé" (1) fold to the same key; an exact hit goes to its own item.
    assertThat(NAMES.index("Beyonce")).isEqualTo(3);
    assertThat(NAMES.index("beyoncé")).isEqualTo(1);
  }

  @Test
  void index_caseAndAccentInsensitiveLowestIndexOnCollision() {
    assertThat(NAMES.index("beyonce")).isEqualTo(1);
    assertThat(NAMES.index("BEYONCÉ")).isEqualTo(1);
    assertThat(NAMES.index("Sigur Ros")).isEqualTo(2);
    assertThat(NAMES.index("  bjork ")).isEqualTo(4);
    // Decomposed input (o + combining diaeresis) finds the precomposed name.
    assertThat(NAMES.index("bjo\u0308rk")).isEqualTo(4);
  }

  @Test
  void find_unknownIsEmpty() {
    assertThat(NAMES.find("radiohead")).isEmpty();
    assertThat(NAMES.find("nirvana")).hasValue(5);
  }

  @Test
  void index_unknownSuggestsClosestByEditDistance() {
    assertThatThrownBy(() -> NAMES.index("nirvanna"))
        .isInstanceOfSatisfying(
            UnknownItemException.class,
            e -> {
              assertThat(e.name()).isEqualTo("nirvanna");
              assertThat(e.suggestions())
                  .hasSize(ItemNames.SUGGESTIONS)
                  .first()
                  .isEqualTo("nirvana");
              assertThat(e.getMessage()).contains("\"nirvanna\"").contains("nirvana");
            })
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closest_ordersByDistanceThenIndex() {
    // "bjork" is 0 from "björk" (4); "beyonce" is 0 from both 1 and 3, lower index first.
    assertThat(NAMES.closest("bjork", 1)).containsExactly("björk");
    assertThat(NAMES.closest("beyonce", 2)).containsExactly("beyoncé", "Beyonce");
    assertThat(NAMES.closest("x", 0)).isEmpty();
    assertThat(NAMES.closest("x", 100)).hasSize(6);
  }

  @Test
  void levenshtein_handComputed() {
    assertThat(
            ItemNames.levenshtein(
                "kitten".codePoints().toArray(), "sitting".codePoints().toArray()))
        .isEqualTo(3);
    assertThat(ItemNames.levenshtein(new int[0], "abc".codePoints().toArray())).isEqualTo(3);
    assertThat(ItemNames.levenshtein("flaw".codePoints().toArray(), "lawn".codePoints().toArray()))
        .isEqualTo(2);
  }

  @Test
  void normalise_stripsMarksAndCase() {
    assertThat(ItemNames.normalise("Blue Öyster Cult")).isEqualTo("blue oyster cult");
    assertThat(ItemNames.normalise("mötley crüe")).isEqualTo("motley crue");
    assertThat(ItemNames.normalise("植松伸夫")).isEqualTo("植松伸夫");
  }

  @Test
  void of_duplicateNameRejected() {
    assertThatThrownBy(() -> ItemNames.of(List.of("a", "b", "a")))
        .isInstanceOf(DuplicateItemNameException.class)
        .hasMessageContaining("\"a\"")
        .hasMessageContaining("items 0 and 2");
    assertThatThrownBy(() -> ItemNames.requireUnique(List.of("x", "y", "z", "y")))
        .isInstanceOfSatisfying(DuplicateItemNameException.class,
            e -> assertThat(List.of(e.name(), e.first(), e.second())).containsExactly("y", 1, 3));
    ItemNames.requireUnique(List.of("x", "X", "y"));
  }

  @Test
  void name_outOfRangeNamesTheBound() {
    assertThat(NAMES.name(2)).isEqualTo("sigur rós");
    assertThatThrownBy(() -> NAMES.name(6))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("[0, 6)");
  }
}
