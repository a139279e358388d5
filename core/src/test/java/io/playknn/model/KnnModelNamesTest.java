package io.playknn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.knn.KnnOptions;
import io.playknn.matrix.SparseMatrix;
import io.playknn.recommend.DuplicateItemNameException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Item names identify items: two rows of one name are refused when fitting and when loading. */
class KnnModelNamesTest {
  @TempDir Path dir;

  private static final SparseMatrix FOUR = SparseMatrix.builder(4, 2)
      .add(0, 0, 1).add(1, 1, 1).add(2, 0, 2).add(3, 0, 1).add(3, 1, 1).build();
  private static final List<String> REPEATED = List.of("abba", "nirvana", "the strokes", "nirvana");

  @Test
  void fit_duplicateName_isTypedErrorNamingIt() {
    assertThatThrownBy(() -> KnnModel.fit(FOUR, KnnOptions.defaults(), REPEATED))
        .isInstanceOfSatisfying(DuplicateItemNameException.class, e -> {
          assertThat(e.name()).isEqualTo("nirvana");
          assertThat(e.first()).isEqualTo(1);
          assertThat(e.second()).isEqualTo(3);
        })
        .hasMessage("item names must be unique, but \"nirvana\" is the name of items 1 and 3");
  }

  @Test
  void fit_namesDifferingOnlyInCase_areDistinct() {
    KnnModel m = KnnModel.fit(FOUR, KnnOptions.defaults(), List.of("a", "A", "b", "B"));
    assertThat(m.itemNames()).containsExactly("a", "A", "b", "B");
  }

  /** A file written without fit's check (as an older writer could) is refused on load. */
  @Test
  void load_fileWithDuplicateName_isModelFormatExceptionNamingIt() throws IOException {
    KnnModel unchecked = new KnnModel(FOUR, KnnOptions.defaults(), REPEATED, null);
    Path file = dir.resolve("dup.pknn");
    try (var out = Files.newOutputStream(file)) {
      unchecked.write(out);
    }
    for (ThrowingLoad load : new ThrowingLoad[] {
        () -> KnnModel.load(file), () -> KnnModel.read(ByteBuffer.wrap(Files.readAllBytes(file)))}) {
      assertThatThrownBy(load::run)
          .isInstanceOfSatisfying(ModelFormatException.class,
              e -> assertThat(e.section()).isEqualTo("ITEM_NAMES"))
          .hasMessage("ITEM_NAMES: item names must be unique, but \"nirvana\" is the name of items 1"
              + " and 3")
          .hasCauseInstanceOf(DuplicateItemNameException.class);
    }
  }

  @FunctionalInterface
  private interface ThrowingLoad {
    void run() throws IOException;
  }
}
