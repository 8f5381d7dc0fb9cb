package org.entitle;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.StringArray;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A loaded, checked rule set. Immutable: share one instance between any number of threads.
 *
 * <pre>{@code
 * try (RuleSet rules = RuleSet.load(Path.of("rules/screening-2024"))) {
 *   String decisions = rules.evaluate(recordJson, LocalDate.of(2024, 7, 1));
 * }
 * }</pre>
 *
 * <p>Close it when done; a rule set that is never closed is freed by a {@link Cleaner} once
 * it is unreachable. Every failure throws {@link EntitleException} with its position.
 */
public final class RuleSet implements AutoCloseable {
  private static final NativeEntitle LIB = NativeEntitle.LIB;
  private static final Cleaner CLEANER = Cleaner.create();

  /** The native handle, freed once by whichever comes first: close() or the cleaner. */
  private static final class Handle implements Runnable {
    private volatile Pointer pointer;

    Handle(Pointer pointer) {
      this.pointer = pointer;
    }

    @Override
    public synchronized void run() {
      Pointer p = pointer;
      pointer = null;
      if (p != null) LIB.entitle_ruleset_free(p);
    }
  }

  /** What to evaluate: explanations, title language, a subset of rules, the entity. */
  public static final class Options {
    private boolean explain;
    private String language = "zh";
    private List<String> rules = List.of();
    private String entity;

    public Options explain(boolean on) {
      explain = on;
      return this;
    }

    /** "zh" (the default) or "en". */
    public Options language(String lang) {
      language = lang;
      return this;
    }

    /** Only these rule ids, in this order. */
    public Options rules(List<String> ids) {
      rules = List.copyOf(ids);
      return this;
    }

    /** The records' entity, when the rule set has several. */
    public Options entity(String name) {
      entity = name;
      return this;
    }

    NativeEntitle.EvalOptions toNative(Object[] keepAlive) {
      NativeEntitle.EvalOptions o = new NativeEntitle.EvalOptions();
      check(LIB.entitle_eval_options_init(o, NativeEntitle.EVAL_OPTIONS_VERSION));
      o.explain = explain ? 1 : 0;
      o.language = language;
      o.entity = entity;
      if (!rules.isEmpty()) {
        StringArray ids = new StringArray(rules.toArray(new String[0]), "UTF-8");
        keepAlive[0] = ids;
        o.rules = ids;
        o.rule_count = new NativeEntitle.SizeT(rules.size());
      }
      return o;
    }
  }

  private final Handle handle;
  private final Cleaner.Cleanable cleanable;

  private RuleSet(Pointer pointer) {
    handle = new Handle(pointer);
    cleanable = CLEANER.register(this, handle);
  }

  /** Loads the rule-set folder {@code dir}. */
  public static RuleSet load(Path dir) {
    PointerByReference out = new PointerByReference();
    check(LIB.entitle_ruleset_load(out, dir.toString()));
    return new RuleSet(out.getValue());
  }

  /** A rule set from in-memory YAML documents: name (used in error positions) to text. */
  public static RuleSet fromDocuments(Map<String, String> documents) {
    if (documents.isEmpty()) throw new IllegalArgumentException("no documents");
    NativeEntitle.Document first = new NativeEntitle.Document();
    NativeEntitle.Document[] docs = (NativeEntitle.Document[]) first.toArray(documents.size());
    int i = 0;
    for (Map.Entry<String, String> e : documents.entrySet()) {
      docs[i].name = e.getKey();
      docs[i].text = e.getValue();
      docs[i].write();
      ++i;
    }
    PointerByReference out = new PointerByReference();
    check(LIB.entitle_ruleset_load_documents(out, first, new NativeEntitle.SizeT(docs.length)));
    return new RuleSet(out.getValue());
  }

  /** The version of the loaded native library, "MAJOR.MINOR.PATCH". */
  public static String libraryVersion() {
    return LIB.entitle_version();
  }

  /** Rules, entities, fields and parameters as JSON (entitle_ruleset_describe). */
  public String describe() {
    PointerByReference out = new PointerByReference();
    try {
      check(LIB.entitle_ruleset_describe(out, live()));
    } finally {
      Reference.reachabilityFence(this);  // no cleaner run during the call
    }
    return take(out.getValue());
  }

  /** The decisions JSON for one record (a JSON object) at {@code asOf}, with defaults. */
  public String evaluate(String recordJson, LocalDate asOf) {
    return evaluate(recordJson, asOf, new Options());
  }

  /** The decisions JSON for one record at {@code asOf}. */
  public String evaluate(String recordJson, LocalDate asOf, Options options) {
    Object[] keepAlive = new Object[1];
    NativeEntitle.EvalOptions o = options.toNative(keepAlive);
    PointerByReference out = new PointerByReference();
    try {
      check(LIB.entitle_evaluate(out, live(), recordJson, asOf.toString(), o));
    } finally {
      Reference.reachabilityFence(this);
      Reference.reachabilityFence(keepAlive);
    }
    return take(out.getValue());
  }

  /**
   * Decisions for many records in one call on {@code threads} threads (0: one per core): a
   * JSON array in gives a JSON array out, JSON Lines give JSON Lines, in input order; a record
   * that fails yields {"error": {…}} in its place.
   */
  public String evaluateMany(String records, LocalDate asOf, int threads, Options options) {
    Object[] keepAlive = new Object[1];
    NativeEntitle.EvalOptions o = options.toNative(keepAlive);
    NativeEntitle.BatchOptions b = new NativeEntitle.BatchOptions();
    check(LIB.entitle_batch_options_init(b, NativeEntitle.BATCH_OPTIONS_VERSION));
    b.threads = threads;
    PointerByReference out = new PointerByReference();
    Memory failed = new Memory(Native.SIZE_T_SIZE);
    try {
      check(LIB.entitle_evaluate_many(out, failed, live(), records, asOf.toString(), o, b));
    } finally {
      Reference.reachabilityFence(this);
      Reference.reachabilityFence(keepAlive);
    }
    return take(out.getValue());
  }

  /** Frees the rule set. Idempotent; later calls throw IllegalStateException. */
  @Override
  public void close() {
    cleanable.clean();
  }

  public boolean isClosed() {
    return handle.pointer == null;
  }

  private Pointer live() {
    Pointer p = handle.pointer;
    if (p == null) throw new IllegalStateException("the rule set is closed");
    return p;
  }

  private static String take(Pointer p) {
    try {
      return p.getString(0, "UTF-8");
    } finally {
      LIB.entitle_string_free(p);
    }
  }

  /** Throws the calling thread's last error when {@code status} is not ENTITLE_OK. */
  static void check(int status) {
    if (status == NativeEntitle.OK) return;
    Pointer e = LIB.entitle_error_last();
    throw new EntitleException(
        status,
        LIB.entitle_status_name(status),
        LIB.entitle_error_message(e),
        LIB.entitle_error_file(e),
        LIB.entitle_error_line(e),
        LIB.entitle_error_column(e),
        LIB.entitle_error_field(e),
        LIB.entitle_error_diagnostics(e));
  }
}
