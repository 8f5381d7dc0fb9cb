/* entitle_batch_run: a file-to-file screening run from C, checked against `entitle batch`.
 *
 * usage: capi_batch_run_test WORK_DIR ENTITLE_RUNNER [TEST]
 * Each test writes its files under WORK_DIR; the runner binary makes the reference output. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <entitle.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "check.h"

#define SCREENING ENTITLE_SOURCE_DIR "/rules/screening-2024"
#define COLUMNS "@" ENTITLE_SOURCE_DIR "/rules/screening-2024/columns.txt"

static const char *g_work;
static const char *g_runner;

/* Six persons of the screening-2024 entity; line 4 has a birth date that is no date, so it
 * is rejected, the others are screened. */
static const char *const kPersons =
    "id,birth_date,sex,hukou_local,township,groups,employment,resident_pension_enrolled,"
    "employee_pension_enrolled,receiving_pension,contribution_months,monthly_wage\n"
    "P1,1985-04-07,F,true,Chengguan,,employee,false,true,false,44,5899.89\n"
    "P2,1960-01-08,M,true,Dongfeng,registered_poor,farmer,true,false,false,120,0.00\n"
    "P3,1963-13-40,F,true,Jinxi,registered_poor;dibao,farmer,false,false,false,0,0.00\n"
    "P4,1958-08-19,F,true,Jinxi,dibao,farmer,true,false,false,180,0.00\n"
    "P5,1990-02-01,M,false,Chengguan,,flexible,false,false,false,12,4200.00\n"
    "\n"
    "P6,1950-05-05,M,true,Dongfeng,tekun,farmer,false,false,true,0,0.00\n";

static char *path_of(const char *name) {
  size_t n = strlen(g_work) + strlen(name) + 2;
  char *p = (char *)malloc(n);
  snprintf(p, n, "%s/%s", g_work, name);
  return p;
}

static char *write_input(const char *name, const char *text) {
  char *p = path_of(name);
  FILE *f = fopen(p, "wb");
  CHECK(f != NULL);
  if (f) {
    fputs(text, f);
    fclose(f);
  }
  return p;
}

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* The whole file, NUL-terminated; NULL when it does not exist. */
static char *read_all(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text;
  long n;
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  text = (char *)calloc((size_t)n + 1, 1);
  if (fread(text, 1, (size_t)n, f) != (size_t)n) CHECK(0);
  fclose(f);
  return text;
}

/* Batch temporaries (".NAME.entitle-HOST.PID.N.tmp") in the work folder. */
static int temporaries(void) {
  DIR *d = opendir(g_work);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] == '.' && strstr(e->d_name, ".entitle-") != NULL) ++n;
  closedir(d);
  return n;
}

static entitle_ruleset *load_screening(void) {
  entitle_ruleset *rs = NULL;
  if (entitle_ruleset_load(&rs, SCREENING) != ENTITLE_OK) {
    fprintf(stderr, "cannot load %s: %s\n", SCREENING, entitle_error_message(entitle_error_last()));
    exit(1);
  }
  return rs;
}

static void test_good_run_matches_runner(void) {
  entitle_ruleset *rs = load_screening();
  char *in = write_input("good.csv", kPersons);
  char *out = path_of("good.out.csv");
  char *rejects = path_of("good.out.rejects.csv");
  char *ref = path_of("good.ref.csv");
  char *ref_rejects = path_of("good.ref.rejects.csv");
  entitle_batch_job job = ENTITLE_BATCH_JOB_INIT;
  entitle_batch_counts counts = {9, 9, 9};
  char command[4096];
  char *a, *b;
  job.in_path = in;
  job.out_path = out;
  job.as_of = "2024-07-01";
  job.columns = COLUMNS;
  job.threads = 2;
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_OK);
  CHECK_INT(entitle_error_code(entitle_error_last()), ENTITLE_OK);
  CHECK_INT(counts.rows_in, 6);
  CHECK_INT(counts.rows_out, 5);
  CHECK_INT(counts.rows_rejected, 1);
  CHECK_INT(counts.rows_in, counts.rows_out + counts.rows_rejected);
  /* The default rejects file sits beside the output. */
  CHECK(exists(rejects));

  snprintf(command, sizeof command,
           "'%s' batch '%s' --as-of 2024-07-01 --in '%s' --out '%s' --columns '%s' "
           "--threads 1 --allow-rejects > /dev/null 2>&1",
           g_runner, SCREENING, in, ref, COLUMNS);
  CHECK_INT(system(command), 0);
  a = check_read_file(out);
  b = check_read_file(ref);
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  CHECK_CONTAINS(a, "hardship_pension_60");
  free(a);
  free(b);
  a = check_read_file(rejects);
  b = check_read_file(ref_rejects);
  CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
  CHECK_CONTAINS(a, "birth_date");
  free(a);
  free(b);
  free(in), free(out), free(rejects), free(ref), free(ref_rejects);
  entitle_ruleset_free(rs);
}

static void test_named_rejects_and_summary(void) {
  entitle_ruleset *rs = load_screening();
  char *in = write_input("clean.csv", "id,birth_date\nQ1,1950-01-01\nQ2,1990-01-01\n");
  char *out = path_of("clean.out.jsonl");
  char *rejects = path_of("clean.rejected.jsonl");
  char *summary = path_of("clean.out.summary.csv");
  entitle_batch_job job;
  entitle_batch_counts counts;
  char *text;
  CHECK_INT(entitle_batch_job_init(&job, ENTITLE_BATCH_JOB_VERSION), ENTITLE_OK);
  CHECK_INT(job.threads, 1);
  job.in_path = in;
  job.out_path = out;
  job.rejects_path = rejects;
  job.summary_by = "township";
  job.as_of = "2024-07-01";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_OK);
  CHECK_INT(counts.rows_in, 2);
  CHECK_INT(counts.rows_out, 2);
  CHECK_INT(counts.rows_rejected, 0);
  /* Named: written even when empty (JSON Lines has no header, so it is empty). */
  CHECK(exists(rejects));
  text = check_read_file(summary);
  CHECK_CONTAINS(text, "township,rows");
  CHECK_CONTAINS(text, "(all),2");
  free(text);
  text = check_read_file(out);
  CHECK_CONTAINS(text, "\"id\":\"Q1\"");
  free(text);
  free(in), free(out), free(rejects), free(summary);
  entitle_ruleset_free(rs);
}

static void test_bad_columns(void) {
  entitle_ruleset *rs = load_screening();
  char *in = write_input("cols.csv", kPersons);
  char *out = path_of("cols.out.csv");
  entitle_batch_job job = ENTITLE_BATCH_JOB_INIT;
  entitle_batch_counts counts = {9, 9, 9};
  const entitle_error *e;
  job.in_path = in;
  job.out_path = out;
  job.as_of = "2024-07-01";
  job.columns = "id, agee";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EINVAL);
  e = entitle_error_last();
  CHECK_INT(entitle_error_code(e), ENTITLE_EINVAL);
  CHECK_STR(entitle_error_field(e), "columns");
  CHECK_CONTAINS(entitle_error_message(e), "unknown path 'agee'");
  CHECK_CONTAINS(entitle_error_message(e), "did you mean 'age'");
  CHECK_INT(counts.rows_in, 0);
  CHECK(!exists(out));

  job.columns = "@/nonexistent/columns.txt";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EINVAL);
  CHECK_STR(entitle_error_field(entitle_error_last()), "columns");
  CHECK_CONTAINS(entitle_error_message(entitle_error_last()), "/nonexistent/columns.txt");

  job.columns = NULL;
  job.summary_by = "hardship";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EINVAL);
  CHECK_STR(entitle_error_field(entitle_error_last()), "summary_by");
  free(in), free(out);
  entitle_ruleset_free(rs);
}

static void test_bad_header(void) {
  entitle_ruleset *rs = load_screening();
  char *in = write_input("header.csv", "id,birth_dat\nR1,1950-01-01\n");
  char *out = path_of("header.out.csv");
  entitle_batch_job job = ENTITLE_BATCH_JOB_INIT;
  entitle_batch_counts counts;
  const entitle_error *e;
  job.in_path = in;
  job.out_path = out;
  job.as_of = "2024-07-01";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_ERECORD);
  e = entitle_error_last();
  CHECK_STR(entitle_error_file(e), in);
  CHECK_INT(entitle_error_line(e), 1);
  CHECK_INT(entitle_error_column(e), 4);
  CHECK_CONTAINS(entitle_error_message(e), "birth_dat");
  CHECK(!exists(out));
  free(in), free(out);
  entitle_ruleset_free(rs);
}

static void test_missing_input(void) {
  entitle_ruleset *rs = load_screening();
  char *in = path_of("no-such-file.csv");
  char *out = path_of("missing.out.csv");
  entitle_batch_job job = ENTITLE_BATCH_JOB_INIT;
  entitle_batch_counts counts;
  const entitle_error *e;
  job.in_path = in;
  job.out_path = out;
  job.as_of = "2024-07-01";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EIO);
  e = entitle_error_last();
  CHECK_STR(entitle_status_name(entitle_error_code(e)), "ENTITLE_EIO");
  CHECK_STR(entitle_error_file(e), in);
  CHECK_CONTAINS(entitle_error_message(e), "cannot read the input file");
  CHECK(!exists(out));

  /* An output folder that does not exist. */
  free(in);
  in = write_input("ok.csv", kPersons);
  job.in_path = in;
  job.out_path = "/nonexistent-folder/out.csv";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EIO);
  CHECK_STR(entitle_error_file(entitle_error_last()), "/nonexistent-folder/out.csv");
  free(in), free(out);
  entitle_ruleset_free(rs);
}

static void test_bad_arguments(void) {
  entitle_ruleset *rs = load_screening();
  entitle_batch_job job = ENTITLE_BATCH_JOB_INIT;
  entitle_batch_counts counts;
  char *in = write_input("args.csv", kPersons);
  job.in_path = in;
  job.out_path = in; /* the input itself */
  job.as_of = "2024-07-01";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EINVAL);
  CHECK_CONTAINS(entitle_error_message(entitle_error_last()), "that is the input file");
  job.out_path = "x.txt";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EINVAL);
  CHECK_STR(entitle_error_field(entitle_error_last()), "out_path");
  job.out_path = "x.csv";
  job.as_of = "2024-02-30";
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EINVAL);
  CHECK_CONTAINS(entitle_error_message(entitle_error_last()), "as_of");
  job.as_of = "2024-07-01";
  CHECK_INT(entitle_batch_run(NULL, rs, &job), ENTITLE_EINVAL);
  CHECK_INT(entitle_batch_run(&counts, NULL, &job), ENTITLE_EINVAL);
  CHECK_INT(entitle_batch_run(&counts, rs, NULL), ENTITLE_EINVAL);
  job.version = ENTITLE_BATCH_JOB_VERSION + 1;
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EINVAL);
  CHECK_CONTAINS(entitle_error_message(entitle_error_last()), "unknown version");
  CHECK_INT(entitle_batch_job_init(&job, 0), ENTITLE_EINVAL);
  CHECK_INT(entitle_batch_job_init(NULL, ENTITLE_BATCH_JOB_VERSION), ENTITLE_EINVAL);
  free(in);
  entitle_ruleset_free(rs);
}

/* A run whose writes fail (a 64 KiB file-size limit: EFBIG) keeps the previous output and
 * rejects byte for byte, names the output in the error and leaves no temporary; the next
 * run that succeeds replaces the output and removes the stale default rejects file. */
static void test_failed_run_keeps_previous(void) {
  static const char kPrevious[] = "id,previous\nP0,last month's good result\n";
  static const char kPreviousRejects[] = "line,field,reason,record\n3,x,old,\n";
  entitle_ruleset *rs = load_screening();
  char *in = path_of("keep.csv");
  char *out = path_of("keep.out.csv");
  char *rejects = path_of("keep.out.rejects.csv");
  entitle_batch_job job = ENTITLE_BATCH_JOB_INIT;
  entitle_batch_counts counts;
  struct rlimit saved, limited;
  char *text;
  FILE *f = fopen(in, "wb");
  int i;
  CHECK(f != NULL);
  if (!f) return;
  fputs(
      "id,birth_date,sex,hukou_local,township,groups,employment,resident_pension_enrolled,"
      "employee_pension_enrolled,receiving_pension,contribution_months,monthly_wage\n",
      f);
  for (i = 0; i < 5000; ++i) /* about 1 MB of output with the default columns */
    fprintf(f, "K%05d,1958-08-19,F,true,Jinxi,dibao,farmer,true,false,false,180,0.00\n", i);
  fclose(f);
  free(write_input("keep.out.csv", kPrevious));
  free(write_input("keep.out.rejects.csv", kPreviousRejects));
  job.in_path = in;
  job.out_path = out;
  job.as_of = "2024-07-01";
  job.threads = 2;

  CHECK(getrlimit(RLIMIT_FSIZE, &saved) == 0);
  limited = saved;
  limited.rlim_cur = 64 * 1024;
  signal(SIGXFSZ, SIG_IGN); /* the write fails with EFBIG instead */
  CHECK(setrlimit(RLIMIT_FSIZE, &limited) == 0);
  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_EIO);
  CHECK(setrlimit(RLIMIT_FSIZE, &saved) == 0);
  signal(SIGXFSZ, SIG_DFL);
  CHECK_STR(entitle_error_file(entitle_error_last()), out);
  CHECK_CONTAINS(entitle_error_message(entitle_error_last()), "cannot write: File too large");
  CHECK_INT(counts.rows_in, 0);
  text = read_all(out);
  CHECK_STR(text, kPrevious);
  free(text);
  text = read_all(rejects);
  CHECK_STR(text, kPreviousRejects);
  free(text);
  CHECK_INT(temporaries(), 0);

  CHECK_INT(entitle_batch_run(&counts, rs, &job), ENTITLE_OK);
  CHECK_INT(counts.rows_out, 5000);
  text = read_all(out);
  CHECK(text != NULL && strncmp(text, "id,", 3) == 0 && strstr(text, "K04999,") != NULL);
  free(text);
  CHECK(!exists(rejects));
  CHECK_INT(temporaries(), 0);
  free(in), free(out), free(rejects);
  entitle_ruleset_free(rs);
}

static const struct check_test kTests[] = {
    T(good_run_matches_runner),
    T(named_rejects_and_summary),
    T(bad_columns),
    T(bad_header),
    T(missing_input),
    T(bad_arguments),
    T(failed_run_keeps_previous),
};

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s WORK_DIR ENTITLE_RUNNER [TEST]\n", argv[0]);
    return 2;
  }
  g_work = argv[1];
  g_runner = argv[2];
  mkdir(g_work, 0777);
  return check_main(kTests, sizeof kTests / sizeof kTests[0], argc - 2, argv + 2);
}
