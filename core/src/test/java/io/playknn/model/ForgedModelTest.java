package io.playknn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Forged model files that used to exhaust the heap. Tagged {@code small-heap}: the build runs them
 * in a JVM of 256 MiB, where each must end in a {@link ModelFormatException}.
 */
@Tag("small-heap")
class ForgedModelTest {

  @Test
  void read_twoBillionColumnsAndFewValues_isTypedErrorBeforeTheIndexIsBuilt() throws IOException {
    for (int columns : new int[] {2_147_483_638, 300_000_000}) {
      byte[] b = KnnModelTest.bytes(KnnModelTest.small());
      KnnModelTest.Forger f = new KnnModelTest.Forger(b);
      int e = f.entryOf(1);
      f.buffer.putInt((int) f.offset(e) + 4, columns);
      f.fixSectionCrc(e);
      f.fixHeaderCrc();
      ModelFormatException x =
          catchThrowableOfType(ModelFormatException.class, () -> KnnModel.read(ByteBuffer.wrap(b)));
      assertThat(x).as("columns " + columns).isNotNull();
      assertThat(x.section()).isEqualTo("MATRIX_SHAPE");
      assertThat(x.getMessage()).contains("columns must be at most 4194304", "was " + columns);
    }
  }
}
