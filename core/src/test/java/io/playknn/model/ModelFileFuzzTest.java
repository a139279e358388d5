package io.playknn.model;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.playknn.knn.NeighborTable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing of the model-file reader ({@link KnnModel#read}, the same {@code
 * ModelFormat} code that {@link KnnModel#load} runs over a memory map). A forged file must end in a
 * {@link ModelFormatException} or, when it names an algorithm no provider on the class path has, the
 * documented {@link IllegalArgumentException}; anything else (another exception, an {@link
 * OutOfMemoryError} under the small heap) is a finding. A file that loads must answer a query and
 * let its neighbour table be read.
 *
 * <p>Each input is read twice: as it is, and with its checksums and declared length recomputed by
 * the documented layout, so that mutations reach the checks behind the CRC32C gates. Without
 * {@code JAZZER_FUZZ} the build replays the committed inputs in {@code
 * ModelFileFuzzTestInputs/read/}; see {@code docs/FUZZING.md}.
 */
@Tag("small-heap")
class ModelFileFuzzTest {

  @FuzzTest(maxDuration = "20m", maxExecutions = 1_000_000)
  void read(byte[] file) {
    readOrReject(file);
    readOrReject(withChecksumsRecomputed(file));
  }

  private static void readOrReject(byte[] file) {
    KnnModel model;
    try {
      model = KnnModel.read(ByteBuffer.wrap(file));
    } catch (ModelFormatException expected) {
      return;
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("no NearestNeighbors provider")) {
        return;
      }
      throw e;
    }
    int items = model.index().size();
    if (items > 0) {
      model.index().kneighbors(0, Math.min(model.options().neighbors(), items));
    }
    if (model.neighborTable().isPresent()) {
      NeighborTable table = model.neighborTable().get();
      for (int row = 0; row < table.size(); row++) {
        table.row(row);
      }
    }
  }

  /** The file with every in-bounds section's CRC32C, the total length and the header CRC fixed. */
  static byte[] withChecksumsRecomputed(byte[] file) {
    byte[] b = file.clone();
    if (b.length < 32) {
      return b;
    }
    KnnModelTest.Forger f = new KnnModelTest.Forger(b);
    f.buffer.putLong(16, b.length);
    int entries = (int) Math.max(0, Math.min(f.count, (b.length - 32L) / 32));
    for (int e = 0; e < entries; e++) {
      long offset = f.offset(e);
      long length = f.buffer.order(ByteOrder.LITTLE_ENDIAN).getLong(32 + 32 * e + 16);
      if (offset >= 0 && length >= 0 && offset <= b.length && length <= b.length - offset) {
        f.fixSectionCrc(e);
      }
    }
    f.fixHeaderCrc();
    return b;
  }
}
