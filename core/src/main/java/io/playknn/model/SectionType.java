package io.playknn.model;

/**
 * The section types of format version 1 (1.0: ids 1 to 7; 1.1 adds the optional 8 and 9). Type ids are stable; new types get new ids. A reader that
 * meets an unknown type skips it unless the section's {@code required} flag is set, in which case it
 * rejects the file.
 */
enum SectionType {
  /** {@code i32 rows, i32 columns, i64 nonZeros}: 16 bytes. */
  MATRIX_SHAPE(1, true),
  /** {@code i32[rows + 1]} CSR row pointers. */
  ROW_POINTERS(2, true),
  /** {@code i32[nonZeros]} CSR column indices. */
  COLUMN_INDICES(3, true),
  /** {@code f64[nonZeros]} CSR values. */
  VALUES(4, true),
  /** String list of key/value pairs: the {@link io.playknn.knn.KnnOptions}. */
  OPTIONS(5, true),
  /** String list, {@code rows} entries: the name of each item (row). */
  ITEM_NAMES(6, true),
  /** String list, {@code columns} entries: the id of each user (column); optional. */
  USER_IDS(7, false),
  /** {@code i32[rows × width]}: every item's nearest neighbours, row after row; optional (1.1). */
  NEIGHBOR_INDICES(8, false),
  /** {@code f64[rows × width]}: the distances of {@link #NEIGHBOR_INDICES}; optional (1.1). */
  NEIGHBOR_DISTANCES(9, false);

  private final int id;
  private final boolean required;

  SectionType(int id, boolean required) {
    this.id = id;
    this.required = required;
  }

  int id() {
    return id;
  }

  /** @return whether the writer sets the required flag, and the reader needs the section */
  boolean required() {
    return required;
  }

  /** @return the type with that id, or {@code null} if this version does not know it */
  static SectionType byId(int id) {
    for (SectionType t : values()) {
      if (t.id == id) {
        return t;
      }
    }
    return null;
  }
}
