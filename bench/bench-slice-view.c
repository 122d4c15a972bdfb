/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-slice-view: StmSliceView scrolling through a series, one slice per
 * frame, as fast as the frame clock lets it, and the memory it takes.
 *
 *   bench-slice-view [-p PASSES] [-z ZOOM] [-c CENTER] [-w WIDTH] [-O] [-A] DIR
 *
 * A window with a 1024 x 768 StmSliceView (overlays on unless -O, window
 * C/W as given, ZOOM relative to fit, centred) shows DIR's default series.
 * The allocator is tuned as the application tunes it
 * (stm_frame_allocator_init()), or left at glibc's defaults with -A. A tick callback
 * moves to the next slice on every frame: one warm-up pass over every slice,
 * then PASSES timed passes. Per frame it records
 *   interval  wall time between successive frames (before-paint to
 *             before-paint): what scrolling achieves, fps = 1000 / interval;
 *   work      before-paint to the end of the frame clock's paint phase:
 *             update + layout + snapshot + GSK render on the main thread;
 *   snapshot  the view's own snapshot (window/level and resample of the new
 *             slice, overlays), timed by the container the view sits in;
 * work and snapshot also as the main thread's CPU time (which leaves out
 * time the cores spent on other processes), and the whole process's CPU
 * time (every thread, e.g. llvmpipe's) per frame, averaged over the passes,
 * and the X server's (Xvfb receiving the frame; -1 when it is not found),
 * from /proc/PID/stat at clock-tick resolution, averaged likewise.
 * The frame clock paces frames at the refresh interval (60 Hz under Xvfb),
 * so interval cannot fall below about 16.7 ms; work shows the headroom.
 *
 * Memory, from /proc/self/status: the baseline is VmRSS with the window
 * shown and the view empty; then the series is loaded and set on the view
 * (VmRSS and VmHWM after that); VmHWM is reset (clear_refs) and the maximum
 * while scrolling is VmHWM at the end. Each is printed above the baseline
 * and as a multiple of the volume's size (nx * ny * nz * 4 bytes).
 */
#include "stm-bench-support.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <epoxy/gl.h>
#include <gtk/gtk.h>

#include "stm-frame-allocator.h"
#include "stm-slice-view.h"

#define VIEW_WIDTH 1024
#define VIEW_HEIGHT 768
/* Empty frames before the baseline, so GTK's caches and the renderer exist. */
#define SETTLE_FRAMES 30

/* A container that times its child's snapshot. */
#define STM_TYPE_BENCH_TIMER (stm_bench_timer_get_type ())
G_DECLARE_FINAL_TYPE (StmBenchTimer, stm_bench_timer, STM, BENCH_TIMER, GtkWidget)

struct _StmBenchTimer
{
  GtkWidget  parent_instance;
  GtkWidget *child;
  double     last_snapshot_ms;
  double     last_snapshot_cpu_ms;
  guint      n_snapshots;
};

G_DEFINE_FINAL_TYPE (StmBenchTimer, stm_bench_timer, GTK_TYPE_WIDGET)

static void
stm_bench_timer_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  StmBenchTimer *self = STM_BENCH_TIMER (widget);
  double t0 = stm_bench_now_s (), c0 = stm_bench_thread_cpu_s ();

  gtk_widget_snapshot_child (widget, self->child, snapshot);
  self->last_snapshot_ms = (stm_bench_now_s () - t0) * 1e3;
  self->last_snapshot_cpu_ms = (stm_bench_thread_cpu_s () - c0) * 1e3;
  self->n_snapshots++;
}

static void
stm_bench_timer_dispose (GObject *object)
{
  StmBenchTimer *self = STM_BENCH_TIMER (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (stm_bench_timer_parent_class)->dispose (object);
}

static void
stm_bench_timer_class_init (StmBenchTimerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = stm_bench_timer_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = stm_bench_timer_snapshot;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
stm_bench_timer_init (StmBenchTimer *self)
{
}

static GtkWidget *
stm_bench_timer_new (GtkWidget *child)
{
  StmBenchTimer *self = g_object_new (STM_TYPE_BENCH_TIMER, NULL);

  self->child = child;
  gtk_widget_set_parent (child, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

typedef enum
{
  PHASE_SETTLE,
  PHASE_SCROLL,
  PHASE_DONE,
} Phase;

typedef struct
{
  const char     *dir;
  guint           n_passes;
  double          zoom;
  StmWindow       window;
  gboolean        overlays;
  gboolean        default_allocator;   /* -A: glibc's own heap trimming */
  char           *gl_name;

  GtkWidget      *window_widget;
  StmSliceView   *view;
  StmBenchTimer  *timer;
  Phase           phase;
  guint           frame;          /* frames since the phase began */
  guint           n_slices;
  gboolean        failed;

  double          before_paint_s;
  double          before_paint_cpu_s;
  double          last_before_paint_s;
  double          timed_cpu_s[2];  /* process CPU at the first and the last timed frame */
  int             x_server_pid;
  double          x_cpu_s[2];      /* the X server's, likewise */
  /* The frame being timed: its index in the arrays below, or -1. */
  int             timing;
  double         *interval_ms;
  double         *work_ms;
  double         *work_cpu_ms;
  double         *snapshot_ms;
  double         *snapshot_cpu_ms;
  guint           n_frames;       /* timed frames */
  guint           n_drawn;        /* timed frames whose snapshot ran */
  gint64          refresh_us;

  gint64          baseline_kib;
  gint64          loaded_kib;     /* VmRSS once the volume is shown */
  gint64          load_peak_kib;  /* VmHWM then */
  gboolean        hwm_reset;
  gint64          volume_bytes;
} Bench;

/* The X server's pid: the Xvfb process whose arguments hold our $DISPLAY
 * (xvfb-run -a starts one per run), or 0. */
static int
find_x_server (void)
{
  const char *display = g_getenv ("DISPLAY");
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  if (display == NULL || dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc", name, "comm", NULL);
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *comm = NULL, *cmdline = NULL;
      gsize len = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (comm_path, &comm, NULL, NULL) ||
          !g_str_has_prefix (comm, "Xvfb") ||
          !g_file_get_contents (cmdline_path, &cmdline, &len, NULL))
        continue;
      /* cmdline is NUL-separated arguments. */
      for (gsize i = 0; i < len; i += strlen (cmdline + i) + 1)
        if (g_strcmp0 (cmdline + i, display) == 0)
          return atoi (name);
    }
  return 0;
}

/* User + system CPU of process @pid in seconds, -1 when unknown. */
static double
process_cpu_s (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;

  if (pid <= 0 || !g_file_get_contents (path, &stat, NULL, NULL) ||
      (after_comm = strrchr (stat, ')')) == NULL)
    return -1;
  /* Fields after "(comm)": state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (after_comm + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         (double) sysconf (_SC_CLK_TCK);
}

/* The GL implementation behind the window (llvmpipe under Xvfb), or "-" for
 * a renderer that does not use GL. */
static char *
gl_renderer_name (GtkWidget *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_autoptr(GdkGLContext) context = NULL;
  char *name;

  if (strstr (G_OBJECT_TYPE_NAME (renderer), "GL") == NULL)
    return g_strdup ("-");
  context = gdk_surface_create_gl_context (surface, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return g_strdup ("?");
  gdk_gl_context_make_current (context);
  name = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  /* Spaces would split the key=value result line. */
  return g_strdelimit (name, " ", '_');
}

/* Loads the series and shows it; the memory figures are taken around this. */
static gboolean
load_volume (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StmVolume) volume = NULL;

  malloc_trim (0);
  b->baseline_kib = stm_bench_status_kib ("VmRSS");
  volume = stm_bench_load_dir (b->dir, &error);
  if (volume == NULL)
    {
      g_printerr ("bench-slice-view: %s\n", error->message);
      return FALSE;
    }
  b->volume_bytes = (gint64) (stm_volume_n_voxels (volume) * stm_volume_bytes_per_voxel (volume));
  stm_slice_view_set_volume (b->view, volume);
  stm_slice_view_set_window (b->view, b->window.center, b->window.width);
  stm_slice_view_set_slice (b->view, 0);
  stm_slice_view_set_show_overlays (b->view, b->overlays);
  if (b->zoom != 1.0)
    stm_slice_view_zoom_at (b->view, b->zoom, VIEW_WIDTH / 2.0, VIEW_HEIGHT / 2.0);
  b->n_slices = stm_slice_view_get_n_slices (b->view);
  b->loaded_kib = stm_bench_status_kib ("VmRSS");
  b->load_peak_kib = stm_bench_status_kib ("VmHWM");
  b->hwm_reset = stm_bench_reset_hwm ();
  printf ("# %s: %zu x %zu x %zu, volume %.1f MiB, view %d x %d, zoom %g, window C %g W %g, "
          "overlays %s, renderer %s, GL %s\n",
          b->dir, volume->dims[0], volume->dims[1], volume->dims[2],
          (double) b->volume_bytes / 1048576.0, VIEW_WIDTH, VIEW_HEIGHT, b->zoom,
          b->window.center, b->window.width, b->overlays ? "on" : "off",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (b->window_widget))),
          b->gl_name);
  return b->n_slices > 0;
}

static void
before_paint_cb (GdkFrameClock *clock, Bench *b)
{
  b->last_before_paint_s = b->before_paint_s;
  b->before_paint_s = stm_bench_now_s ();
  b->before_paint_cpu_s = stm_bench_thread_cpu_s ();
}

/* Connected after GDK's own handler, which renders the surface. */
static void
paint_cb (GdkFrameClock *clock, Bench *b)
{
  gint64 refresh_us = 0;

  if (b->timing < 0)
    return;
  b->work_ms[b->timing] = (stm_bench_now_s () - b->before_paint_s) * 1e3;
  b->work_cpu_ms[b->timing] = (stm_bench_thread_cpu_s () - b->before_paint_cpu_s) * 1e3;
  b->interval_ms[b->timing] = (b->before_paint_s - b->last_before_paint_s) * 1e3;
  b->snapshot_ms[b->timing] = b->timer->last_snapshot_ms;
  b->snapshot_cpu_ms[b->timing] = b->timer->last_snapshot_cpu_ms;
  if (b->timer->n_snapshots > 0)
    b->n_drawn++;
  gdk_frame_clock_get_refresh_info (clock, 0, &refresh_us, NULL);
  if (refresh_us > 0)
    b->refresh_us = refresh_us;
  b->timing = -1;
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Bench *b = data;
  guint warmup = b->n_slices;

  b->frame++;
  switch (b->phase)
    {
    case PHASE_SETTLE:
      if (b->frame < SETTLE_FRAMES)
        return G_SOURCE_CONTINUE;
      b->gl_name = gl_renderer_name (b->window_widget);
      b->x_server_pid = find_x_server ();
      if (!load_volume (b))
        {
          b->failed = TRUE;
          b->phase = PHASE_DONE;
          return G_SOURCE_REMOVE;
        }
      b->interval_ms = g_new0 (double, b->n_passes * b->n_slices);
      b->work_ms = g_new0 (double, b->n_passes * b->n_slices);
      b->work_cpu_ms = g_new0 (double, b->n_passes * b->n_slices);
      b->snapshot_ms = g_new0 (double, b->n_passes * b->n_slices);
      b->snapshot_cpu_ms = g_new0 (double, b->n_passes * b->n_slices);
      b->phase = PHASE_SCROLL;
      b->frame = 0;
      return G_SOURCE_CONTINUE;

    case PHASE_SCROLL:
      if (b->frame == warmup + 1)
        {
          b->timed_cpu_s[0] = stm_bench_cpu_s ();
          b->x_cpu_s[0] = process_cpu_s (b->x_server_pid);
        }
      if (b->frame > warmup + b->n_passes * b->n_slices)
        {
          b->timed_cpu_s[1] = stm_bench_cpu_s ();
          b->x_cpu_s[1] = process_cpu_s (b->x_server_pid);
          b->phase = PHASE_DONE;
          return G_SOURCE_REMOVE;
        }
      stm_slice_view_set_slice (b->view, b->frame % b->n_slices);
      b->timer->n_snapshots = 0;
      b->timer->last_snapshot_ms = 0;
      if (b->frame > warmup)
        b->timing = (int) b->n_frames++;
      return G_SOURCE_CONTINUE;

    case PHASE_DONE:
    default:
      return G_SOURCE_REMOVE;
    }
}

static void
print_stat (const char *name, double *values, guint n)
{
  double p95 = stm_bench_percentile (values, n, 95);

  printf ("%s: median %.3f ms, p95 %.3f ms, max %.3f ms\n",
          name, stm_bench_median (values, n), p95, values[n - 1]);
}

static double
above_ratio (const Bench *b, gint64 kib)
{
  return (double) (kib - b->baseline_kib) * 1024.0 / (double) b->volume_bytes;
}

static void
report (Bench *b)
{
  guint n = b->n_frames;
  gint64 scroll_peak_kib = stm_bench_status_kib ("VmHWM");
  gint64 end_kib = stm_bench_status_kib ("VmRSS");
  double interval, work, snapshot, work_p95, interval_p95, snapshot_p95;
  double work_cpu, work_cpu_p95, snapshot_cpu, snapshot_cpu_p95;
  double process_cpu = (b->timed_cpu_s[1] - b->timed_cpu_s[0]) * 1e3 / n;
  double x_cpu = b->x_cpu_s[0] >= 0 && b->x_cpu_s[1] >= 0 && b->x_server_pid > 0
                 ? (b->x_cpu_s[1] - b->x_cpu_s[0]) * 1e3 / n : -1;
  guint over_frame = 0;

  for (guint i = 0; i < n; i++)
    over_frame += b->interval_ms[i] > 1.5 * (b->refresh_us > 0 ? b->refresh_us / 1e3 : 1000.0 / 60);
  print_stat ("interval", b->interval_ms, n);
  print_stat ("work", b->work_ms, n);
  print_stat ("work CPU", b->work_cpu_ms, n);
  print_stat ("snapshot", b->snapshot_ms, n);
  print_stat ("snapshot CPU", b->snapshot_cpu_ms, n);
  interval = stm_bench_median (b->interval_ms, n);
  interval_p95 = stm_bench_percentile (b->interval_ms, n, 95);
  work = stm_bench_median (b->work_ms, n);
  work_p95 = stm_bench_percentile (b->work_ms, n, 95);
  snapshot = stm_bench_median (b->snapshot_ms, n);
  snapshot_p95 = stm_bench_percentile (b->snapshot_ms, n, 95);
  work_cpu = stm_bench_median (b->work_cpu_ms, n);
  work_cpu_p95 = stm_bench_percentile (b->work_cpu_ms, n, 95);
  snapshot_cpu = stm_bench_median (b->snapshot_cpu_ms, n);
  snapshot_cpu_p95 = stm_bench_percentile (b->snapshot_cpu_ms, n, 95);
  printf ("memory: baseline VmRSS %.1f MiB; loaded +%.1f MiB (%.2fx volume), load peak +%.1f MiB "
          "(%.2fx), scrolling peak +%.1f MiB (%.2fx, %s), end +%.1f MiB (%.2fx)\n",
          b->baseline_kib / 1024.0,
          (b->loaded_kib - b->baseline_kib) / 1024.0, above_ratio (b, b->loaded_kib),
          (b->load_peak_kib - b->baseline_kib) / 1024.0, above_ratio (b, b->load_peak_kib),
          (scroll_peak_kib - b->baseline_kib) / 1024.0, above_ratio (b, scroll_peak_kib),
          b->hwm_reset ? "VmHWM reset after loading" : "VmHWM not reset: includes loading",
          (end_kib - b->baseline_kib) / 1024.0, above_ratio (b, end_kib));
  printf ("result renderer=%s gl=%s overlays=%d frames=%u drawn=%u passes=%u zoom=%g "
          "refresh_ms=%.3f interval_ms=%.3f interval_p95_ms=%.3f fps=%.1f slow_frames=%u "
          "work_ms=%.3f work_p95_ms=%.3f snapshot_ms=%.3f snapshot_p95_ms=%.3f "
          "work_cpu_ms=%.3f work_cpu_p95_ms=%.3f snapshot_cpu_ms=%.3f snapshot_cpu_p95_ms=%.3f "
          "process_cpu_per_frame_ms=%.3f x_server_cpu_per_frame_ms=%.3f "
          "baseline_kib=%" G_GINT64_FORMAT " volume_bytes=%" G_GINT64_FORMAT " "
          "loaded_ratio=%.3f load_peak_ratio=%.3f scroll_peak_ratio=%.3f hwm_reset=%d\n",
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (b->window_widget))),
          b->gl_name, b->overlays, n, b->n_drawn, b->n_passes, b->zoom, b->refresh_us / 1e3,
          interval, interval_p95, 1000.0 / interval, over_frame,
          work, work_p95, snapshot, snapshot_p95,
          work_cpu, work_cpu_p95, snapshot_cpu, snapshot_cpu_p95, process_cpu, x_cpu,
          b->baseline_kib, b->volume_bytes,
          above_ratio (b, b->loaded_kib), above_ratio (b, b->load_peak_kib),
          above_ratio (b, scroll_peak_kib), b->hwm_reset);
}

static void
usage (void)
{
  fprintf (stderr,
           "usage: bench-slice-view [-p PASSES] [-z ZOOM] [-c CENTER] [-w WIDTH] [-O] [-A] DIR\n");
  exit (2);
}

int
main (int argc, char **argv)
{
  Bench b = { .n_passes = 5, .zoom = 1.0, .window = { 40, 400 }, .overlays = TRUE, .timing = -1 };
  GtkWidget *view;
  GdkFrameClock *clock;
  int opt;

  while ((opt = getopt (argc, argv, "p:z:c:w:OA")) != -1)
    switch (opt)
      {
      case 'p':
        b.n_passes = (guint) MAX (1, atoi (optarg));
        break;
      case 'z':
        b.zoom = g_ascii_strtod (optarg, NULL);
        break;
      case 'c':
        b.window.center = g_ascii_strtod (optarg, NULL);
        break;
      case 'w':
        b.window.width = g_ascii_strtod (optarg, NULL);
        break;
      case 'O':
        b.overlays = FALSE;
        break;
      case 'A':
        b.default_allocator = TRUE;
        break;
      default:
        usage ();
      }
  if (optind != argc - 1)
    usage ();
  b.dir = argv[optind];

  /* As the application does, unless asked for glibc's defaults. */
  if (!b.default_allocator)
    stm_frame_allocator_init ();
  gtk_init ();
  view = stm_slice_view_new ();
  gtk_widget_set_size_request (view, VIEW_WIDTH, VIEW_HEIGHT);
  b.view = STM_SLICE_VIEW (view);
  b.timer = STM_BENCH_TIMER (stm_bench_timer_new (view));
  b.window_widget = gtk_window_new ();
  gtk_window_set_resizable (GTK_WINDOW (b.window_widget), FALSE);
  gtk_window_set_child (GTK_WINDOW (b.window_widget), GTK_WIDGET (b.timer));
  gtk_window_present (GTK_WINDOW (b.window_widget));

  clock = gtk_widget_get_frame_clock (b.window_widget);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), &b);
  g_signal_connect (clock, "paint", G_CALLBACK (paint_cb), &b);
  gtk_widget_add_tick_callback (view, tick_cb, &b, NULL);

  while (b.phase != PHASE_DONE)
    g_main_context_iteration (NULL, TRUE);
  if (b.failed || b.n_frames == 0)
    return 1;
  report (&b);
  g_free (b.interval_ms);
  g_free (b.work_ms);
  g_free (b.work_cpu_ms);
  g_free (b.snapshot_ms);
  g_free (b.snapshot_cpu_ms);
  g_free (b.gl_name);
  gtk_window_destroy (GTK_WINDOW (b.window_widget));
  return 0;
}
