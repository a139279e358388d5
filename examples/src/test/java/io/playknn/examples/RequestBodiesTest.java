package io.playknn.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.playknn.matrix.SparseVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The body parsers' rules, one refusal at a time, each naming the value and the rule. */
class RequestBodiesTest {
  /** An .npy file as np.save writes it: header padded to 64 bytes, then the payload. */
  static byte[] npy(String dict, byte[] payload) {
    int unpadded = 10 + dict.length() + 1;
    String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + payload.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length())
        .put(header.getBytes(StandardCharsets.ISO_8859_1)).put(payload);
    return b.array();
  }

  static byte[] doubles(double... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double d : v) {
      b.putDouble(d);
    }
    return b.array();
  }

  static String npyError(byte[] body) {
    try {
      NpyArrays.readRows(body, 3, 2);
    } catch (RequestException e) {
      return e.status() + " " + e.getMessage();
    }
    return "accepted";
  }

  @Test
  void npy_wellFormed_rowsWithTheirNonZeros() {
    List<SparseVector> rows = NpyArrays.readRows(npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", doubles(0, 1.5, 0, 2, 0, -1)),
        3, 2);
    assertThat(rows).containsExactly(SparseVector.ofDense(new double[] {0, 1.5, 0}),
        SparseVector.ofDense(new double[] {2, 0, -1}));
  }

  @Test
  void npy_eachRuleBroken_is400Or413NamingIt() {
    String f8 = "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 3), }";
    assertThat(npyError(npy(f8, doubles(1, 2)))).isEqualTo(
        "400 malformed .npy body: shape (1, 3) of <f8 needs 24 bytes of data, the body has 16");
    assertThat(npyError(npy(f8, doubles(1, 2, 3, 4)))).isEqualTo(
        "400 malformed .npy body: shape (1, 3) of <f8 needs 24 bytes of data, the body has 32");
    assertThat(npyError(npy(f8.replace("False", "True"), doubles(1, 2, 3)))).isEqualTo(
        "400 malformed .npy body: array must be in C order ('fortran_order': False), was Fortran order");
    assertThat(npyError(npy(f8.replace("<f8", "<i8"), doubles(1, 2, 3)))).isEqualTo(
        "400 malformed .npy body: dtype must be float32 or float64 ('<f4', '<f8', '>f4', '>f8'), was '<i8'");
    assertThat(npyError(npy(f8.replace("(1, 3)", "(1, 4)"), doubles(1, 2, 3, 4)))).isEqualTo(
        "400 malformed .npy body: shape (1, 4) must have 3 columns (one per user), had 4");
    assertThat(npyError(npy(f8.replace("(1, 3)", "(3, 3)"), doubles(new double[9])))).isEqualTo(
        "413 a request may hold at most 2 rows, shape (3, 3) has 3");
    // A forged shape is refused before anything of that size is allocated.
    assertThat(npyError(npy(f8.replace("(1, 3)", "(999999999, 3)"), doubles(1, 2, 3))))
        .startsWith("413 ");
    assertThat(npyError(npy(f8.replace("(1, 3)", "(3)"), doubles(1, 2, 3)))).isEqualTo(
        "400 malformed .npy body: a 1-dimensional shape must be written (n,), was (3)");
    assertThat(npyError(npy(f8.replace("'shape'", "'descr'"), doubles(1, 2, 3)))).isEqualTo(
        "400 malformed .npy body: header key 'descr' must appear once, appeared twice");
    assertThat(npyError(npy(f8.replace("'shape'", "'other'"), doubles(1, 2, 3)))).isEqualTo(
        "400 malformed .npy body: header key must be 'descr', 'fortran_order' or 'shape', was 'other'");
    assertThat(npyError(npy(f8, doubles(1, Double.NaN, 3)))).isEqualTo(
        "400 row 0 value 1 must be a finite number, was NaN");
    assertThat(npyError("NUMPY".getBytes(StandardCharsets.US_ASCII))).isEqualTo(
        "400 malformed .npy body: body of 5 bytes is shorter than the .npy preamble");
    byte[] v9 = npy(f8, doubles(1, 2, 3));
    v9[6] = 9;
    assertThat(npyError(v9)).isEqualTo("400 malformed .npy body: format version must be 1.0, 2.0 or 3.0, was 9.0");
    byte[] longHeader = npy(f8, doubles(1, 2, 3));
    longHeader[8] = (byte) 0xff;
    longHeader[9] = (byte) 0x7f;
    assertThat(npyError(longHeader)).isEqualTo(
        "400 malformed .npy body: header must be at most 10000 bytes, was 32767");
  }

  @Test
  void npy_oneDimensionalFloat32_isOneRow() {
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0).putFloat(0.5f)
        .putFloat(2);
    List<SparseVector> rows = NpyArrays.readRows(
        npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", b.array()), 3, 1);
    assertThat(rows).containsExactly(SparseVector.ofDense(new double[] {0, 0.5, 2}));
  }

  static String csvError(String body) {
    try {
      CsvRows.readRows(body.getBytes(StandardCharsets.UTF_8), 3, 2);
    } catch (RequestException e) {
      return e.status() + " " + e.getMessage();
    }
    return "accepted";
  }

  @Test
  void csv_linesBlankLinesAndSpaces() {
    assertThat(CsvRows.readRows(" 1, 0 ,2.5e-1\r\n\n0,0,3".getBytes(StandardCharsets.UTF_8), 3, 2))
        .containsExactly(SparseVector.ofDense(new double[] {1, 0, 0.25}),
            SparseVector.ofDense(new double[] {0, 0, 3}));
  }

  @Test
  void csv_eachRuleBroken_is400Or413NamingIt() {
    assertThat(csvError("1,2,3,4\n")).isEqualTo("400 CSV line 1 must have 3 values (one per user), had more");
    assertThat(csvError("1,2\n")).isEqualTo("400 CSV line 1 must have 3 values (one per user), had 2");
    assertThat(csvError("1,2,3\n1,x,3")).isEqualTo("400 CSV line 2 value 2 must be a number, was \"x\"");
    assertThat(csvError("1,2 3,3")).isEqualTo("400 CSV line 1 value 2 must be a number, has a space inside");
    assertThat(csvError("1,,3")).isEqualTo("400 CSV line 1 value 2 must be a number, was \"\"");
    assertThat(csvError("1,NaN,3")).isEqualTo("400 CSV line 1 value 2 must be a number, was \"NaN\"");
    assertThat(csvError("1,0x10,3")).isEqualTo("400 CSV line 1 value 2 must be a number, was \"0x10\"");
    assertThat(csvError("1,1e999,3")).isEqualTo("400 CSV line 1 value 2 must be finite, was \"1e999\"");
    assertThat(csvError("1," + "1".repeat(65) + ",3")).isEqualTo(
        "400 CSV line 1 value 2 must be at most 64 characters, was longer");
    assertThat(csvError("1,2,3\r4,5,6")).isEqualTo("400 CSV line 1 value 3 must be a number, has byte 0xd");
    assertThat(csvError("1,2,3\n1,2,3\n1,2,3")).isEqualTo(
        "413 a request may hold at most 2 rows; CSV line 3 is one more");
    assertThat(csvError("\n\n")).isEqualTo("400 the body holds no CSV lines; send at least one");
  }

  static String jsonError(String body) {
    try {
      JsonBodies.read(body.getBytes(StandardCharsets.UTF_8), 3, 2, 2, 8);
    } catch (RequestException e) {
      return e.status() + " " + e.getMessage();
    }
    return "accepted";
  }

  @Test
  void json_forms() {
    assertThat(JsonBodies.read("{\"k\": 2, \"artists\": [\"a\"]}".getBytes(StandardCharsets.UTF_8), 3, 2, 2, 8))
        .isEqualTo(new JsonBodies.Names(List.of("a"), 2));
    assertThat(JsonBodies.read("{\"instances\": [[0, 1, 0]]}".getBytes(StandardCharsets.UTF_8), 3, 2, 2, 8))
        .isEqualTo(new JsonBodies.Rows(List.of(SparseVector.ofDense(new double[] {0, 1, 0})), null));
    assertThat(JsonBodies.read(" [0, 1, 2] \n".getBytes(StandardCharsets.UTF_8), 3, 2, 2, 8))
        .isEqualTo(new JsonBodies.Rows(List.of(SparseVector.ofDense(new double[] {0, 1, 2})), null));
  }

  @Test
  void json_eachRuleBroken_is400Or413NamingIt() {
    assertThat(jsonError("{\"artists\": [\"a\", \"b\", \"c\"]}")).isEqualTo(
        "400 \"artists\" must be an array of 1 to 2 names, had more");
    assertThat(jsonError("{\"artists\": []}")).isEqualTo("400 \"artists\" must be an array of 1 to 2 names, was empty");
    assertThat(jsonError("{\"artists\": [\"abcdefghi\"]}")).isEqualTo(
        "400 each artist name must be at most 8 characters, was 9");
    assertThat(jsonError("{\"artists\": [3]}")).isEqualTo("400 each artist must be a string, was 3");
    assertThat(jsonError("{\"artists\": [\"a\"], \"k\": 1.5}")).isEqualTo("400 \"k\" must be an integer, was 1.5");
    assertThat(jsonError("{\"artists\": [\"a\"], \"artists\": [\"b\"]}")).isEqualTo(
        "400 JSON key \"artists\" must appear once, appeared twice");
    assertThat(jsonError("{\"artist\": [\"a\"]}")).isEqualTo(
        "400 JSON key must be \"artists\", \"instances\" or \"k\", was \"artist\"");
    assertThat(jsonError("{\"artists\": [\"a\"], \"instances\": [[1, 2, 3]]}")).isEqualTo(
        "400 a JSON body holds \"artists\" or \"instances\", not both");
    assertThat(jsonError("[[1, 2, 3], [1, 2, 3], [1, 2, 3]]")).isEqualTo(
        "413 a request may hold at most 2 rows; feature row 2 is one more");
    assertThat(jsonError("[[1, 2, 3], 4]")).isEqualTo("400 feature row 1 must be an array of numbers, was 4");
    assertThat(jsonError("[1, \"2\", 3]")).isEqualTo(
        "400 feature row 0 value 1 must be a finite number, was the string \"2\"");
    assertThat(jsonError("[1, 2, 3e999]")).isEqualTo("400 feature row 0 value 2 must be a finite number, was Infinity");
    assertThat(jsonError("[1, 2, 3] [4]")).isEqualTo("400 malformed JSON: content after the end of the value, at byte 10");
    assertThat(jsonError("")).isEqualTo("400 malformed JSON: empty body");
    assertThat(jsonError("[[[[[[[[[[1]]]]]]]]]]")).startsWith("400 ");
  }

  @Test
  void queryK_rules() {
    assertThat(QueryK.parse(null)).isNull();
    assertThat(QueryK.parse("k=15")).isEqualTo(15);
    assertThat(QueryK.parse("k=%31%35")).isEqualTo(15);
    assertThatThrownBy(() -> QueryK.parse("k=1234567890")).isInstanceOf(RequestException.class)
        .hasMessage("query parameter k must be a decimal integer (digits only, no sign), was \"1234567890\"");
    assertThatThrownBy(() -> QueryK.parse("k=%3")).hasMessage("query string has a malformed %-escape at character 0");
    assertThatThrownBy(() -> QueryK.parse("k=\u0135%35")).hasMessage("query string must be printable ASCII, had character 309 at 0");
  }

  @Test
  void serverLimits_outOfRange_namesTheField() {
    assertThatThrownBy(() -> ServerLimits.defaults().withWorkers(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be >= 1, was 0");
    assertThatThrownBy(() -> ServerLimits.defaults().withMaxBodyBytes(Integer.MAX_VALUE))
        .hasMessage("maxBodyBytes must be in [1, 2147483638], was 2147483647");
    assertThatThrownBy(() -> ServerLimits.defaults().withTimeouts(0, 1, 1))
        .hasMessage("headerTimeoutMillis must be >= 1, was 0");
  }
}
