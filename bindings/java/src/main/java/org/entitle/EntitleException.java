package org.entitle;

/**
 * A failed call into entitle, with what the C API's error object carries: the status, the
 * message, and where known the file, line and column (1-based; 0 when unknown) and the record
 * field.
 */
public class EntitleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The C API's status codes (ENTITLE_E*). */
  public enum Status {
    INVALID_ARGUMENT(-1),
    LOAD(-2),
    RECORD(-3),
    EVALUATION(-4),
    OUT_OF_MEMORY(-5),
    INTERNAL(-6),
    UNKNOWN(Integer.MIN_VALUE);

    public final int code;

    Status(int code) {
      this.code = code;
    }

    static Status of(int code) {
      for (Status s : values()) if (s.code == code) return s;
      return UNKNOWN;
    }
  }

  private final Status status;
  private final int code;
  private final String statusName;
  private final String detail;
  private final String file;
  private final int line;
  private final int column;
  private final String field;
  private final String diagnostics;

  EntitleException(int code, String statusName, String message, String file, int line,
      int column, String field, String diagnostics) {
    super(where(file, line, column) + message);
    this.status = Status.of(code);
    this.code = code;
    this.statusName = statusName;
    this.detail = message;
    this.file = file;
    this.line = line;
    this.column = column;
    this.field = field;
    this.diagnostics = diagnostics;
  }

  private static String where(String file, int line, int column) {
    StringBuilder s = new StringBuilder(file);
    if (line > 0) {
      s.append(file.isEmpty() ? "line " : ":").append(line);
      if (column > 0) s.append(':').append(column);
    }
    return s.length() == 0 ? "" : s.append(": ").toString();
  }

  /** The status as an enum. */
  public Status status() {
    return status;
  }

  /** The status code, e.g. -3. */
  public int code() {
    return code;
  }

  /** The status name, e.g. "ENTITLE_ERECORD". */
  public String statusName() {
    return statusName;
  }

  /** The message without the position. */
  public String detail() {
    return detail;
  }

  /** The rule file of a load or evaluation error; "" for record errors and when unknown. */
  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The record field of a record error ("groups[1]"); "" otherwise. */
  public String field() {
    return field;
  }

  /** Every diagnostic of a failed load, one per line; "" otherwise. */
  public String diagnostics() {
    return diagnostics;
  }
}
