package org.entitle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Tests of the Java binding, run by ctest: the golden cases of tests/capi/golden/cases.txt
 * (shared with the C and Python tests) and the binding's own behaviour. A plain main, so no
 * test framework needs downloading; it ends with "N passed, N failed".
 *
 * <p>usage: java -Dentitle.library=libentitle.so org.entitle.RuleSetTest SOURCE_DIR
 */
public final class RuleSetTest {
  private static Path root;
  private static int passed;
  private static int failed;

  interface Body {
    void run() throws Exception;
  }

  private static void test(String name, Body body) {
    try {
      body.run();
      ++passed;
    } catch (Throwable t) {
      ++failed;
      System.err.println("FAIL " + name + ": " + t);
      t.printStackTrace();
    }
  }

  private static void check(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }

  private static void checkEquals(Object actual, Object expected, String what) {
    if (!expected.equals(actual))
      throw new AssertionError(what + ": expected <" + expected + "> but got <" + actual + ">");
  }

  private static String read(Path p) throws Exception {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** As the golden files have it: a comment edited in the rules changes only the hash. */
  private static String blankHash(String json) {
    return json.replaceFirst("\"hash\":\"[0-9a-f]*\"", "\"hash\":\"\"");
  }

  private static EntitleException expectThrows(Body body) throws Exception {
    try {
      body.run();
    } catch (EntitleException e) {
      return e;
    }
    throw new AssertionError("no EntitleException");
  }

  private static void goldenCases(RuleSet rules) throws Exception {
    Path golden = root.resolve("tests/capi/golden");
    for (String line : Files.readAllLines(golden.resolve("cases.txt"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.trim().split("\\s+");
      String name = f[0];
      String expect = f[6];
      RuleSet.Options options =
          new RuleSet.Options().language(f[2]).explain(f[3].equals("1"));
      if (!f[4].equals("-")) options.rules(List.of(f[4].split(",")));
      String record = read(root.resolve(f[5]));
      test("golden." + name, () -> {
        if (expect.startsWith("error:")) {
          String[] e = expect.split(":");
          EntitleException x =
              expectThrows(() -> rules.evaluate(record, parseDate(f[1]), options));
          checkEquals(x.statusName(), e[1], name + " status");
          checkEquals(x.field(), e[2].equals("-") ? "" : e[2], name + " field");
          checkEquals(x.line(), Integer.parseInt(e[3]), name + " line");
          checkEquals(x.column(), Integer.parseInt(e[4]), name + " column");
        } else {
          String expected = read(golden.resolve(expect)).strip();
          checkEquals(blankHash(rules.evaluate(record, LocalDate.parse(f[1]), options)),
              expected, name);
        }
      });
    }
  }

  /** A date the C side must reject is sent as is: LocalDate cannot hold 2024-02-30. */
  private static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      return LocalDate.of(9999, 12, 31).plusDays(1);  // year 10000: outside 1400..9999
    }
  }

  public static void main(String[] args) throws Exception {
    root = Path.of(args.length > 0 ? args[0] : ".");
    Path screening = root.resolve("rules/screening-2024");
    String person = read(screening.resolve("examples/person.json"));
    LocalDate july = LocalDate.of(2024, 7, 1);

    test("version", () -> check(RuleSet.libraryVersion().matches("\\d+\\.\\d+\\.\\d+"),
        RuleSet.libraryVersion()));

    try (RuleSet rules = RuleSet.load(screening)) {
      goldenCases(rules);

      test("describe", () -> {
        String d = rules.describe();
        check(d.startsWith("{\"name\":\"screening-2024\",\"version\":\"2024.1\""), d);
        check(d.contains("\"id\":\"resident_pension.hardship_60\""), "rule ids");
      });

      test("options", () -> {
        String d = rules.evaluate(person, LocalDate.of(2024, 8, 15), new RuleSet.Options()
            .explain(true).language("en").entity("person")
            .rules(List.of("resident_pension.hardship_60")));
        check(d.contains("\"decisions\":[{\"rule\":\"resident_pension.hardship_60\","
            + "\"status\":\"eligible\",\"title\":\"Hardship groups aged 60+"), d);
        check(d.contains("\"explanation\""), "explanation");
        check(!d.contains("backpay_60"), "only the selected rule");
      });

      test("record error position", () -> {
        EntitleException e = expectThrows(() ->
            rules.evaluate("{\"id\": \"P1\",\n \"birth_date\": 19640702}", july));
        checkEquals(e.status(), EntitleException.Status.RECORD, "status");
        checkEquals(e.field(), "birth_date", "field");
        checkEquals(e.line(), 2, "line");
        checkEquals(e.column(), 16, "column");
        check(e.getMessage().startsWith("line 2:16: field 'birth_date'"), e.getMessage());
      });

      test("unknown rule", () -> {
        EntitleException e = expectThrows(() -> rules.evaluate(person, july,
            new RuleSet.Options().rules(List.of("nope"))));
        checkEquals(e.status(), EntitleException.Status.INVALID_ARGUMENT, "status");
        check(e.detail().contains("no rule 'nope'"), e.detail());
      });

      test("evaluate many", () -> {
        String out = rules.evaluateMany("[" + person + ", {\"id\": 1}, " + person + "]", july, 2,
            new RuleSet.Options());
        String single = rules.evaluate(person, july);
        checkEquals(out, "[" + single + ",{\"error\":{\"index\":1,\"status\":\"ENTITLE_ERECORD\","
            + "\"code\":-3,\"message\":\"field 'id': expected a string, got a number (value: 1)\","
            + "\"field\":\"id\",\"file\":\"\",\"line\":5,\"column\":10}}," + single + "]", "batch");
      });

      test("eight threads share one rule set", () -> {
        RuleSet.Options explain = new RuleSet.Options().explain(true);
        String expected = rules.evaluate(person, july, explain);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 400; ++i) {
          results.add(pool.submit(() -> rules.evaluate(person, july, explain)));
        }
        Set<String> distinct = new HashSet<>();
        for (Future<String> r : results) distinct.add(r.get());
        pool.shutdown();
        checkEquals(distinct, Set.of(expected), "identical results");
      });
    }

    test("load errors carry positions", () -> {
      EntitleException e = expectThrows(() ->
          RuleSet.load(root.resolve("tests/capi/golden/broken_ruleset")));
      checkEquals(e.status(), EntitleException.Status.LOAD, "status");
      check(e.file().endsWith("broken_ruleset/rules.yaml"), e.file());
      checkEquals(e.line(), 14, "line");
      checkEquals(e.column(), 27, "column");
      check(e.diagnostics().contains("rules.yaml:21:22: error:"), e.diagnostics());
      e = expectThrows(() -> RuleSet.load(Path.of("/no/such/folder")));
      checkEquals(e.file(), "/no/such/folder", "missing folder");
    });

    test("documents", () -> {
      String yaml = "ruleset: {name: memory, version: '1'}\n"
          + "entities:\n  person:\n    fields:\n      age: {type: int}\n"
          + "rules:\n  - id: aged_60\n    title: {zh: 年满60周岁, en: Aged 60}\n"
          + "    citation: {document: 滕人社发〔2019〕24号}\n    entity: person\n"
          + "    effective: {from: 2019-12-20}\n    when: {all: [aged_60: age >= 60]}\n";
      try (RuleSet memory = RuleSet.fromDocuments(Map.of("memory.yaml", yaml))) {
        String d = memory.evaluate("{\"age\": 61}", july);
        check(d.contains("\"status\":\"eligible\",\"title\":\"年满60周岁\""), d);
      }
      EntitleException e = expectThrows(() ->
          RuleSet.fromDocuments(Map.of("broken.yaml", "ruleset: {name: x\n")));
      checkEquals(e.file(), "broken.yaml", "file");
      check(e.line() > 0, "line");
    });

    test("closed rule set", () -> {
      RuleSet rules = RuleSet.load(screening);
      rules.close();
      rules.close();  // idempotent
      check(rules.isClosed(), "closed");
      try {
        rules.evaluate(person, july);
        throw new AssertionError("evaluated after close");
      } catch (IllegalStateException expected) {
        // as documented
      }
    });

    test("cleaner frees unreachable rule sets", () -> {
      for (int i = 0; i < 20; ++i) RuleSet.load(screening).evaluate(person, july);
      System.gc();
    });

    System.out.println(passed + " passed, " + failed + " failed");
    System.exit(failed == 0 ? 0 : 1);
  }
}
