package org.entitle;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;

/**
 * The C API of include/entitle.h as JNA sees it. Internal: use {@link RuleSet}.
 *
 * <p>The library is found through the system property {@code entitle.library} or the
 * environment variable {@code ENTITLE_LIBRARY} (a path), else as "entitle" on JNA's search
 * path ({@code jna.library.path}, then the system's).
 */
interface NativeEntitle extends Library {
  int OK = 0;
  int EVAL_OPTIONS_VERSION = 1;
  int BATCH_OPTIONS_VERSION = 1;

  NativeEntitle LIB = load();

  private static NativeEntitle load() {
    String path = System.getProperty("entitle.library");
    if (path == null || path.isEmpty()) path = System.getenv("ENTITLE_LIBRARY");
    if (path == null || path.isEmpty()) path = "entitle";
    // Every string crossing the boundary is UTF-8, whatever the platform's default.
    return Native.load(path, NativeEntitle.class, Map.of(Library.OPTION_STRING_ENCODING, "UTF-8"));
  }

  /** size_t. */
  final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    public SizeT() {
      this(0);
    }

    public SizeT(long value) {
      super(Native.SIZE_T_SIZE, value, true);
    }
  }

  /** entitle_eval_options. */
  @Structure.FieldOrder({"version", "explain", "language", "rules", "rule_count", "entity"})
  class EvalOptions extends Structure {
    public int version;
    public int explain;
    public String language;
    public Pointer rules;
    public SizeT rule_count = new SizeT();
    public String entity;
  }

  /** entitle_batch_options. */
  @Structure.FieldOrder({"version", "threads", "format"})
  class BatchOptions extends Structure {
    public int version;
    public int threads;
    public int format;
  }

  /** entitle_document, laid out as an array for entitle_ruleset_load_documents. */
  @Structure.FieldOrder({"name", "text"})
  class Document extends Structure {
    public String name;
    public String text;
  }

  String entitle_version();

  String entitle_status_name(int status);

  Pointer entitle_error_last();

  int entitle_error_code(Pointer error);

  String entitle_error_message(Pointer error);

  String entitle_error_file(Pointer error);

  int entitle_error_line(Pointer error);

  int entitle_error_column(Pointer error);

  String entitle_error_field(Pointer error);

  String entitle_error_diagnostics(Pointer error);

  void entitle_string_free(Pointer string);

  int entitle_ruleset_load(PointerByReference out, String dir);

  int entitle_ruleset_load_documents(PointerByReference out, Document docs, SizeT count);

  void entitle_ruleset_free(Pointer ruleset);

  int entitle_ruleset_describe(PointerByReference out, Pointer ruleset);

  int entitle_eval_options_init(EvalOptions options, int version);

  int entitle_batch_options_init(BatchOptions options, int version);

  int entitle_evaluate(
      PointerByReference out, Pointer ruleset, String record, String asOf, EvalOptions options);

  int entitle_evaluate_many(
      PointerByReference out,
      Pointer failed,
      Pointer ruleset,
      String records,
      String asOf,
      EvalOptions options,
      BatchOptions batch);
}
