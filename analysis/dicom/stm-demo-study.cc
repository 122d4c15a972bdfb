/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include "stm-demo-study.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include <cerrno>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

/*
 * The CT phantom lives in a fixed field of view (see the header), in LPS
 * millimetres: x to the patient's left, y posterior, z superior. The field is
 * centred on x = y = 0 and z = FIELD_Z; below, u = x, v = y and w = z - FIELD_Z.
 * Image rows run left to right (+x) and columns top to bottom (+y), so
 * anterior is at the top of the image.
 */
#define FIELD_XY_MM   358.4
#define FIELD_Z_MM    300.0
#define FIELD_Z       (-150.0)

/* One ellipsoidal lesion in the upper outer left breast. At 0.7 x 0.7 x 1 mm
 * it holds about 117,000 voxels, the size the feature benchmark needs. */
#define LESION_HU     60
#define LESION_X      85.0
#define LESION_Y      (-112.0)
#define LESION_Z      (FIELD_Z + 20.0)
#define LESION_A      26.0
#define LESION_B      22.0
#define LESION_C      24.0

#define HU_NOISE_SD   10.0
#define NOISE_SEED    G_GUINT64_CONSTANT (0x5354524154554d31)  /* "STRATUM1" */

/* The ultrasound frame and its one calibrated region. */
#define US_COLUMNS    640
#define US_ROWS       480
#define US_REGION_X0  80
#define US_REGION_Y0  60
#define US_REGION_X1  559
#define US_REGION_Y1  439
#define US_APEX_X     320.0
#define US_APEX_Y     (-40.0)
#define US_R0         116.0     /* transducer face, pixels from the apex */
#define US_R1         479.0
#define US_HALF_ANGLE (29.0 * G_PI / 180.0)
#define US_MM         10.0      /* pixels per millimetre: 0.01 cm per pixel */

/*
 * Fixed UIDs. The root is a UUID-derived OID (2.25.<uuid>, PS3.5 B.2), which
 * needs no registration; the next component encodes the options so that two
 * different demo studies never share a UID, and the output is reproducible.
 */
#define UID_ROOT      "2.25.221057741610984737585549201970653384992"

G_DEFINE_QUARK (stm-demo-error-quark, stm_demo_error)

namespace {

struct Uids
{
  std::string study, ct_series, ct_frame, us_series, us_frame;
};

/* What is written in the files, decimal strings and their exact values. */
struct CtGeometry
{
  guint size = 0, slices = 0;
  /* In-plane and slice spacing, and x (= y) of the first pixel centre. */
  std::string spacing_ds, thickness_ds, first_ds;
  double spacing = 0, thickness = 0, first = 0;
  std::vector<std::string> z_ds;
  std::vector<double> z;
  std::vector<double> axis;    /* x of column i, and y of row i */
};

std::string
format_ds (double value, double *parsed)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buffer, sizeof buffer, "%.10g", value);
  if (parsed != nullptr)
    *parsed = g_ascii_strtod (buffer, nullptr);
  return buffer;
}

/* Every position the phantom is evaluated at is the value a reader parses
 * from the files, so the writer, stm_demo_lesion_voxels() and an
 * independent reader agree on each voxel. */
CtGeometry
ct_geometry (const StmDemoOptions *options)
{
  CtGeometry g;

  g.size = options->ct_size;
  g.slices = options->ct_slices;
  g.spacing_ds = format_ds (FIELD_XY_MM / g.size, &g.spacing);
  g.thickness_ds = format_ds (FIELD_Z_MM / g.slices, &g.thickness);
  g.first_ds = format_ds (-0.5 * (g.size - 1) * g.spacing, &g.first);
  for (guint i = 0; i < g.size; i++)
    g.axis.push_back (g.first + (double) i * g.spacing);
  for (guint k = 0; k < g.slices; k++)
    {
      double z;

      g.z_ds.push_back (format_ds (FIELD_Z - 0.5 * FIELD_Z_MM + (k + 0.5) * g.thickness, &z));
      g.z.push_back (z);
    }
  return g;
}

inline double
sq (double value)
{
  return value * value;
}

gboolean
slice_may_hold_lesion (double z)
{
  return fabs (z - LESION_Z) <= 1.01 * LESION_C;
}

inline gboolean
lesion_contains (double x, double y, double z)
{
  double a = (x - LESION_X) / LESION_A;
  double b = (y - LESION_Y) / LESION_B;
  double c = (z - LESION_Z) / LESION_C;

  return a * a + b * b + c * c <= 1.0;
}

guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Close to Gaussian (Irwin-Hall of four uniforms), mean 0, sd 1; cheap enough
 * for 80 million voxels. */
double
noise_unit (guint64 *state)
{
  guint64 r = splitmix64 (state);
  double sum = (double) ((r & 0xffff) + ((r >> 16) & 0xffff) +
                         ((r >> 32) & 0xffff) + (r >> 48));

  return (sum - 2.0 * 65535.0) / (65536.0 * 0.5773502691896258);
}

/* ---- CT anatomy ------------------------------------------------------- */

#define CHEST_V       15.0      /* centre of the chest ellipse, posterior of y = 0 */
#define CHEST_A       160.0
#define CHEST_B       110.0
#define BREAST_U      85.0      /* each breast mound, either side */
#define BREAST_V      (-75.0)
#define BREAST_W      10.0
#define BREAST_A      70.0
#define BREAST_B      85.0      /* in front of the centre */
#define BREAST_B_BACK 60.0      /* behind it, down to the chest wall */
#define BREAST_C      80.0

/* Concentric shells of the chest wall: skin and fat, muscle, ribs, pleura. */
enum { SHELL_SKIN, SHELL_FAT, SHELL_MUSCLE, SHELL_RIBS, SHELL_PLEURA, N_SHELLS };
static const double shell_depth[N_SHELLS] = { 0, 8, 22, 32, 36 };

struct SliceAnatomy
{
  double w;
  double shell_ia2[N_SHELLS];
  double shell_ib2[N_SHELLS];
  double breast_w2;            /* > 1 where the slice misses the breasts */
  double lung_scale;
  double heart_scale;
  gboolean ribs;
  gboolean sternum;
  gboolean disc;
};

SliceAnatomy
slice_anatomy (double z)
{
  SliceAnatomy s;
  double lung, heart;

  s.w = z - FIELD_Z;
  for (int i = 0; i < N_SHELLS; i++)
    {
      s.shell_ia2[i] = 1.0 / sq (CHEST_A - shell_depth[i]);
      s.shell_ib2[i] = 1.0 / sq (CHEST_B - shell_depth[i]);
    }
  s.breast_w2 = sq ((s.w - BREAST_W) / BREAST_C);
  /* Lungs widest at the bases, narrowing to the apices. */
  lung = 1.0 - sq ((s.w + 115.0) / 255.0);
  s.lung_scale = s.w > -135.0 && lung > 0 ? MIN (1.0, 1.25 * sqrt (lung)) : 0;
  heart = 1.0 - sq ((s.w + 45.0) / 65.0);
  s.heart_scale = heart > 0 ? sqrt (heart) : 0;
  s.ribs = fabs (s.w) < 125.0;
  s.sternum = fabs (s.w) < 90.0;
  s.disc = fmod (s.w + 1000.0, 27.0) < 5.0;
  return s;
}

inline double
in_shell (const SliceAnatomy *s, int shell, double u, double v_rel)
{
  return sq (u) * s->shell_ia2[shell] + sq (v_rel) * s->shell_ib2[shell];
}

int
breast_hu (const SliceAnatomy *s, double u, double v, double rb)
{
  double g;

  if (rb > 0.94)
    return 20;                  /* skin */
  if (rb > 0.8)
    return -100;                /* subcutaneous fat */
  /* Fibroglandular strands woven through fat, denser behind the nipple and
   * thinning towards the edge. */
  g = sin (0.21 * u + 1.7 * sin (0.05 * v + 0.09 * s->w)) +
      sin (0.15 * v + 1.3 * sin (0.06 * u - 0.04 * s->w)) +
      0.7 * sin (0.08 * (u - v) + 0.12 * s->w);
  return g > 1.6 * rb - 0.3 ? 40 : -100;
}

int
thorax_hu (const SliceAnatomy *s, double u, double v)
{
  double v_rel = v - CHEST_V;
  double au = fabs (u);
  double dome;

  if (in_shell (s, SHELL_FAT, u, v_rel) > 1.0)
    return -100;
  if (in_shell (s, SHELL_MUSCLE, u, v_rel) > 1.0)
    return 50;                  /* pectoral muscles in front, back muscles behind */
  if (in_shell (s, SHELL_RIBS, u, v_rel) > 1.0)
    {
      if (s->sternum && au < 18.0 && v_rel < 0)
        return 400;
      if (au < 25.0 && v_rel > 0)
        return 50;              /* paraspinal muscles */
      /* Ribs slope down from back to front, one every 30 mm. */
      if (s->ribs && fmod (s->w - 0.3 * v_rel + 1000.0, 30.0) < 11.0)
        return 700;
      return 50;                /* intercostal muscle */
    }

  if (sq (u) + sq (v - 72.0) < sq (17.0))   /* vertebral body and discs */
    return s->disc ? 80 : sq (u) + sq (v - 72.0) > sq (14.0) ? 700 : 250;
  if (sq (u - 22.0) + sq (v - 50.0) < sq (11.0))
    return 40;                  /* descending aorta */
  if (s->heart_scale > 0 &&
      sq ((u - 15.0) / (50.0 * s->heart_scale)) + sq ((v + 15.0) / (45.0 * s->heart_scale)) <= 1.0)
    return 40;
  /* Below the domes of the diaphragm: liver, spleen, stomach wall. */
  dome = 1.0 - sq ((au - 75.0) / 60.0) - sq ((v - 5.0) / 80.0);
  if (s->w < -115.0 + 35.0 * MAX (0.0, dome))
    return 55;
  if (s->lung_scale > 0 && in_shell (s, SHELL_PLEURA, u, v_rel) <= 1.0 &&
      sq ((au - 75.0) / (55.0 * s->lung_scale)) + sq ((v - 5.0) / (75.0 * s->lung_scale)) <= 1.0)
    return -850;
  return -80;                   /* mediastinal fat */
}

int
tissue_hu (const SliceAnatomy *s, double u, double v)
{
  if (in_shell (s, SHELL_SKIN, u, v - CHEST_V) <= 1.0)
    return thorax_hu (s, u, v);
  if (s->breast_w2 <= 1.0 && v < CHEST_V)
    {
      /* Two half ellipsoids: the mound in front, a flatter base behind. */
      double rb = sq ((fabs (u) - BREAST_U) / BREAST_A) +
                  sq ((v - BREAST_V) / (v < BREAST_V ? BREAST_B : BREAST_B_BACK)) + s->breast_w2;

      if (rb <= 1.0)
        return breast_hu (s, u, v, rb);
    }
  return -1000;
}

/* Stored values (HU + 1024) of slice K, ascending z. */
void
render_ct_slice (const CtGeometry &g, guint k, std::vector<Uint16> &pixels)
{
  SliceAnatomy s = slice_anatomy (g.z[k]);
  gboolean lesion_slice = slice_may_hold_lesion (g.z[k]);
  guint64 state = NOISE_SEED ^ ((guint64) k * G_GUINT64_CONSTANT (0x2545f4914f6cdd1d));

  for (guint j = 0; j < g.size; j++)
    {
      double y = g.axis[j];

      for (guint i = 0; i < g.size; i++)
        {
          double x = g.axis[i];
          int hu;

          if (lesion_slice && lesion_contains (x, y, g.z[k]))
            hu = LESION_HU;
          else
            {
              hu = tissue_hu (&s, x, y) + (int) lrint (HU_NOISE_SD * noise_unit (&state));
              /* Only the lesion holds its exact value, so it can be found by value. */
              if (hu == LESION_HU)
                hu++;
            }
          pixels[(gsize) j * g.size + i] = (Uint16) (Sint16) (hu + 1024);
        }
    }
}

/* ---- DICOM attributes -------------------------------------------------- */

/* Inside the writer, a DCMTK or file failure throws std::runtime_error; the
 * C boundary turns it into a GError. */
void
check (OFCondition status, const DcmTagKey &tag)
{
  if (status.bad ())
    {
      DcmTag named (tag);
      throw std::runtime_error (std::string ("could not set ") + named.getTagName () + " (" +
                         status.text () + ")");
    }
}

void
put (DcmItem *item, const DcmTagKey &tag, const std::string &value)
{
  check (item->putAndInsertString (tag, value.c_str ()), tag);
}

void
put_u16 (DcmItem *item, const DcmTagKey &tag, Uint16 value)
{
  check (item->putAndInsertUint16 (tag, value), tag);
}

void
put_u32 (DcmItem *item, const DcmTagKey &tag, Uint32 value)
{
  check (item->putAndInsertUint32 (tag, value), tag);
}

void
put_f64 (DcmItem *item, const DcmTagKey &tag, Float64 value)
{
  check (item->putAndInsertFloat64 (tag, value), tag);
}

/* The Image Pixel module of uncompressed, interleaved pixels. */
void
put_pixel_format (DcmItem *ds, Uint16 samples, const char *photometric, Uint16 rows,
                  Uint16 columns, Uint16 bits, Uint16 is_signed)
{
  put_u16 (ds, DCM_SamplesPerPixel, samples);
  put (ds, DCM_PhotometricInterpretation, photometric);
  if (samples > 1)
    put_u16 (ds, DCM_PlanarConfiguration, 0);
  put_u16 (ds, DCM_Rows, rows);
  put_u16 (ds, DCM_Columns, columns);
  put_u16 (ds, DCM_BitsAllocated, bits);
  put_u16 (ds, DCM_BitsStored, bits);
  put_u16 (ds, DCM_HighBit, bits - 1);
  put_u16 (ds, DCM_PixelRepresentation, is_signed);
}

Uids
make_uids (const StmDemoOptions *options)
{
  /* At most 10 digits for the allowed ranges, so every UID fits in 64. */
  guint64 variant = (((guint64) options->ct_size * 4096 + options->ct_slices) * 1024 +
                     options->us_frames);
  std::string base = std::string (UID_ROOT) + "." + std::to_string (variant);
  Uids u;

  u.study = base + ".1";
  u.ct_series = base + ".2";
  u.ct_frame = base + ".3";
  u.us_series = base + ".4";
  u.us_frame = base + ".5";
  return u;
}

/* Patient, study, series and equipment: the same in every file but the
 * series attributes. */
void
put_common (DcmItem *ds, const Uids &uids, const char *modality, const std::string &series_uid,
            const char *series_number, const char *series_description,
            const std::string &frame_uid)
{
  put (ds, DCM_PatientName, "STRATUM^DEMO");
  put (ds, DCM_PatientID, "STRATUM-DEMO-0001");
  put (ds, DCM_PatientBirthDate, "");
  put (ds, DCM_PatientSex, "F");
  put (ds, DCM_PatientComments, "Synthetic phantom generated by Stratum; not a real patient.");

  put (ds, DCM_StudyInstanceUID, uids.study);
  put (ds, DCM_StudyDate, "20240115");
  put (ds, DCM_StudyTime, "093000");
  put (ds, DCM_ReferringPhysicianName, "");
  put (ds, DCM_StudyID, "DEMO1");
  put (ds, DCM_AccessionNumber, "");
  put (ds, DCM_StudyDescription, "Synthetic breast phantom");

  put (ds, DCM_Modality, modality);
  put (ds, DCM_SeriesInstanceUID, series_uid);
  put (ds, DCM_SeriesNumber, series_number);
  put (ds, DCM_SeriesDescription, series_description);
  put (ds, DCM_SeriesDate, "20240115");

  put (ds, DCM_FrameOfReferenceUID, frame_uid);
  put (ds, DCM_PositionReferenceIndicator, "");

  put (ds, DCM_Manufacturer, "Stratum");
  put (ds, DCM_ManufacturerModelName, "Synthetic breast phantom");
  put (ds, DCM_SoftwareVersions, "stratum-demo-1");
  put (ds, DCM_ContentDate, "20240115");
}

void
save (DcmFileFormat &file, const std::string &path)
{
  OFCondition status = file.saveFile (path.c_str (), EXS_LittleEndianExplicit,
                                      EET_ExplicitLength, EGL_withoutGL);

  if (status.bad ())
    {
      g_autofree char *name = g_path_get_basename (path.c_str ());
      throw std::runtime_error (std::string ("could not save ") + name + " (" +
                                status.text () + ")");
    }
}

void
write_ct_slice (const std::string &path, const CtGeometry &g, const Uids &uids, guint k,
                const std::vector<Uint16> &pixels)
{
  DcmFileFormat file;
  DcmDataset *ds = file.getDataset ();
  guint instance = g.slices - k;     /* instance 1 is the most superior slice */

  put (ds, DCM_SOPClassUID, UID_CTImageStorage);
  put (ds, DCM_SOPInstanceUID, uids.ct_series + "." + std::to_string (k + 1));
  put_common (ds, uids, "CT", uids.ct_series, "1", "Chest CT (synthetic)", uids.ct_frame);
  put (ds, DCM_SeriesTime, "093100");
  put (ds, DCM_ContentTime, "093100");
  put (ds, DCM_PatientPosition, "HFS");
  put (ds, DCM_BodyPartExamined, "CHEST");

  put (ds, DCM_ImageType, "DERIVED\\SECONDARY\\AXIAL");
  put (ds, DCM_InstanceNumber, std::to_string (instance));
  put (ds, DCM_AcquisitionNumber, "1");
  put (ds, DCM_KVP, "120");
  put (ds, DCM_ImageComments, "Synthetic phantom, not a real patient");

  put (ds, DCM_PixelSpacing, g.spacing_ds + "\\" + g.spacing_ds);
  put (ds, DCM_SliceThickness, g.thickness_ds);
  put (ds, DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  put (ds, DCM_ImagePositionPatient, g.first_ds + "\\" + g.first_ds + "\\" + g.z_ds[k]);
  put (ds, DCM_SliceLocation, g.z_ds[k]);

  put_pixel_format (ds, 1, "MONOCHROME2", (Uint16) g.size, (Uint16) g.size, 16, 1);
  put (ds, DCM_RescaleIntercept, "-1024");
  put (ds, DCM_RescaleSlope, "1");
  put (ds, DCM_RescaleType, "HU");
  put (ds, DCM_WindowCenter, "40\\-600");
  put (ds, DCM_WindowWidth, "400\\1500");
  put (ds, DCM_WindowCenterWidthExplanation, "SOFT TISSUE\\LUNG");
  check (ds->putAndInsertUint16Array (DCM_PixelData, pixels.data (), pixels.size ()),
         DCM_PixelData);

  save (file, path);
}

/* ---- Ultrasound -------------------------------------------------------- */

/* Per pixel of the fan: its tissue echo level and static speckle. */
struct UsField
{
  std::vector<float> level;    /* < 0 outside the fan */
  std::vector<float> speckle;
  std::vector<float> depth_mm;
};

double
rayleigh (guint64 *state)
{
  double u = (splitmix64 (state) >> 11) * (1.0 / 9007199254740992.0);

  /* Normalised to mean 1. */
  return sqrt (-2.0 * log (1.0 - u)) / 1.2533141373155003;
}

double
us_tissue_level (double x, double y, double d)
{
  double fat_end = 6.0 + 1.5 * sin (x * 0.02);
  double gland_end = 26.0 + 3.0 * sin (x * 0.012 + 1.0);

  if (d < 1.8)
    return 190;                 /* skin */
  if (d < fat_end)
    return 60;
  if (d < gland_end)             /* gland, with lobules of fat */
    return sin (x * 0.045 + 2.0 * sin (y * 0.02)) *
           sin (y * 0.06 + 1.5 * sin (x * 0.017)) > 0.55 ? 60 : 140;
  if (d < gland_end + 2.5)
    return 170;                 /* pectoral fascia */
  return fmod (y + 0.15 * x, 22.0) < 4.0 ? 130 : 95;             /* striated muscle */
}

UsField
us_field (void)
{
  UsField f;
  guint64 state = NOISE_SEED ^ G_GUINT64_CONSTANT (0x5553);
  std::vector<float> raw (US_ROWS * US_COLUMNS);

  f.level.assign (US_ROWS * US_COLUMNS, -1.0f);
  f.speckle.assign (US_ROWS * US_COLUMNS, 0.0f);
  f.depth_mm.assign (US_ROWS * US_COLUMNS, 0.0f);
  for (auto &r : raw)
    r = (float) rayleigh (&state);

  for (int y = 0; y < US_ROWS; y++)
    for (int x = 0; x < US_COLUMNS; x++)
      {
        double dx = x - US_APEX_X, dy = y - US_APEX_Y;
        double r = hypot (dx, dy);
        gsize at = (gsize) y * US_COLUMNS + x;
        double sum;

        if (r < US_R0 || r > US_R1 || fabs (atan2 (dx, dy)) > US_HALF_ANGLE)
          continue;
        f.depth_mm[at] = (float) ((r - US_R0) / US_MM);
        f.level[at] = (float) us_tissue_level (x, y, f.depth_mm[at]);
        /* Speckle grains are longer across the beam than along it. */
        sum = 0;
        for (int i = -3; i <= 3; i++)
          sum += raw[at + i] + raw[at + i + US_COLUMNS];
        f.speckle[at] = (float) MAX (0.0, 1.0 + 2.5 * (sum / 14.0 - 1.0));
      }
  return f;
}

/* The lesion: a hypoechoic mass with a microlobulated margin and a posterior
 * acoustic shadow, drifting a little with the probe between frames. */
double
us_lesion_level (double level, double x, double y, guint frame, guint n_frames)
{
  double phase = 2.0 * G_PI * frame / MAX (n_frames, 1u);
  double cx = 300.0 + 8.0 * sin (phase);
  double cy = 230.0 + 4.0 * sin (phase + 1.0);
  double dx = (x - cx) / 80.0, dy = (y - cy) / 55.0;
  double t = atan2 (dy, dx);
  double edge = 1.0 + 0.06 * sin (5.0 * t) + 0.04 * sin (11.0 * t + 1.0);

  if (dx * dx + dy * dy <= edge * edge)
    return 26.0;
  if (y > cy && fabs (dx) < 0.75)
    return level * (0.55 + 0.45 * fabs (dx) / 0.75);
  return level;
}

void
paint_rgb (Uint8 *frame, int x, int y, Uint8 r, Uint8 g, Uint8 b)
{
  gsize at = ((gsize) y * US_COLUMNS + x) * 3;

  frame[at] = r;
  frame[at + 1] = g;
  frame[at + 2] = b;
}

/* Outside the region: a colour velocity bar, an orientation marker and
 * depth ticks every centimetre, as on a scanner screen. */
void
paint_annotations (Uint8 *frame)
{
  for (int y = 120; y < 380; y++)
    {
      double t = (y - 250) / 130.0;
      Uint8 level = (Uint8) (255 * MIN (1.0, fabs (t) * 1.3));

      for (int x = 590; x < 604; x++)
        paint_rgb (frame, x, y, t < 0 ? level : 0, (Uint8) (level / 4), t < 0 ? 0 : level);
    }
  for (int y = 24; y < 40; y++)
    for (int x = 92; x < 108; x++)
      paint_rgb (frame, x, y, 255, 140, 0);
  for (int cm = 0; US_R0 + US_APEX_Y + cm * 10 * US_MM <= US_REGION_Y1; cm++)
    for (int y = -1; y <= 1; y++)
      for (int x = 68; x < 74; x++)
        paint_rgb (frame, x, (int) (US_R0 + US_APEX_Y) + cm * 100 + y, 230, 230, 230);
}

void
render_us_frame (const UsField &f, guint frame, guint n_frames, Uint8 *out)
{
  guint64 state = NOISE_SEED ^ ((guint64) (frame + 1) << 32);

  for (int y = 0; y < US_ROWS; y++)
    for (int x = 0; x < US_COLUMNS; x++)
      {
        gsize at = (gsize) y * US_COLUMNS + x;
        double value;
        Uint8 grey;

        if (f.level[at] < 0)
          continue;
        /* A quarter of the speckle decorrelates from frame to frame. */
        value = us_lesion_level (f.level[at], x, y, frame, n_frames) *
                (0.75 * f.speckle[at] + 0.25 * rayleigh (&state)) *
                (1.0 - 0.25 * f.depth_mm[at] / 36.0);
        grey = (Uint8) CLAMP (lrint (value), 0, 255);
        out[at * 3] = out[at * 3 + 1] = out[at * 3 + 2] = grey;
      }
}

void
put_us_region (DcmDataset *ds)
{
  DcmItem *region = nullptr;

  check (ds->findOrCreateSequenceItem (DCM_SequenceOfUltrasoundRegions, region, -2),
         DCM_SequenceOfUltrasoundRegions);
  put_u16 (region, DCM_RegionSpatialFormat, 1);         /* 2D */
  put_u16 (region, DCM_RegionDataType, 1);              /* tissue */
  put_u32 (region, DCM_RegionFlags, 0);
  put_u32 (region, DCM_RegionLocationMinX0, US_REGION_X0);
  put_u32 (region, DCM_RegionLocationMinY0, US_REGION_Y0);
  put_u32 (region, DCM_RegionLocationMaxX1, US_REGION_X1);
  put_u32 (region, DCM_RegionLocationMaxY1, US_REGION_Y1);
  /* The reference pixel, relative to the region's corner, is the centre of
   * the transducer face: lateral 0 cm, depth 0 cm. */
  check (region->putAndInsertSint32 (DCM_ReferencePixelX0,
                                     (Sint32) US_APEX_X - US_REGION_X0), DCM_ReferencePixelX0);
  check (region->putAndInsertSint32 (DCM_ReferencePixelY0,
                                     (Sint32) (US_APEX_Y + US_R0) - US_REGION_Y0),
         DCM_ReferencePixelY0);
  put_u16 (region, DCM_PhysicalUnitsXDirection, 3);     /* cm */
  put_u16 (region, DCM_PhysicalUnitsYDirection, 3);
  put_f64 (region, DCM_ReferencePixelPhysicalValueX, 0.0);
  put_f64 (region, DCM_ReferencePixelPhysicalValueY, 0.0);
  put_f64 (region, DCM_PhysicalDeltaX, 1.0 / (10.0 * US_MM));
  put_f64 (region, DCM_PhysicalDeltaY, 1.0 / (10.0 * US_MM));
  put_u32 (region, DCM_TransducerFrequency, 12000);     /* kHz */
}

gboolean
write_us_cine (const std::string &path, const Uids &uids, guint n_frames,
               GCancellable *cancellable, GError **error)
{
  gsize frame_bytes = (gsize) US_ROWS * US_COLUMNS * 3;
  std::vector<Uint8> pixels (frame_bytes * n_frames, 0);
  UsField field = us_field ();
  DcmFileFormat file;
  DcmDataset *ds = file.getDataset ();

  for (guint i = 0; i < n_frames; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      render_us_frame (field, i, n_frames, pixels.data () + i * frame_bytes);
      paint_annotations (pixels.data () + i * frame_bytes);
    }

  put (ds, DCM_SOPClassUID, UID_UltrasoundMultiframeImageStorage);
  put (ds, DCM_SOPInstanceUID, uids.us_series + ".1");
  put_common (ds, uids, "US", uids.us_series, "2", "Breast ultrasound cine (synthetic)",
              uids.us_frame);
  put (ds, DCM_SeriesTime, "094500");
  put (ds, DCM_ContentTime, "094500");
  put (ds, DCM_BodyPartExamined, "BREAST");

  put (ds, DCM_ImageType, "DERIVED\\SECONDARY");
  put (ds, DCM_InstanceNumber, "1");
  put (ds, DCM_PatientOrientation, "");
  put (ds, DCM_ImageLaterality, "L");
  put (ds, DCM_BurnedInAnnotation, "NO");
  put (ds, DCM_LossyImageCompression, "00");
  put (ds, DCM_ImageComments, "Synthetic phantom, not a real patient");

  put_pixel_format (ds, 3, "RGB", US_ROWS, US_COLUMNS, 8, 0);
  put (ds, DCM_NumberOfFrames, std::to_string (n_frames));
  check (ds->putAndInsertTagKey (DCM_FrameIncrementPointer, DCM_FrameTime),
         DCM_FrameIncrementPointer);
  put (ds, DCM_FrameTime, "50");
  put (ds, DCM_CineRate, "20");
  put (ds, DCM_RecommendedDisplayFrameRate, "20");
  put_us_region (ds);
  check (ds->putAndInsertUint8Array (DCM_PixelData, pixels.data (), pixels.size ()),
         DCM_PixelData);

  save (file, path);
  return TRUE;
}

/* ---- The study --------------------------------------------------------- */

void
make_folder (const std::string &path)
{
  if (g_mkdir_with_parents (path.c_str (), 0755) != 0)
    {
      std::string reason = g_strerror (errno);

      throw std::runtime_error ("could not create the folder " + path + " (" + reason + ")");
    }
}

gboolean
write_ct_series (const std::string &folder, const StmDemoOptions *options, const Uids &uids,
                 GCancellable *cancellable, GError **error)
{
  CtGeometry g = ct_geometry (options);
  std::vector<Uint16> pixels ((gsize) g.size * g.size);

  for (guint k = 0; k < g.slices; k++)
    {
      g_autofree char *name = g_strdup_printf ("CT%04u.dcm", k + 1);
      g_autofree char *path = g_build_filename (folder.c_str (), name, NULL);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      render_ct_slice (g, k, pixels);
      write_ct_slice (path, g, uids, k, pixels);
    }
  return TRUE;
}

gboolean
options_valid (const StmDemoOptions *options, GError **error)
{
  if (options->ct_size < 32 || options->ct_size > 2048 ||
      options->ct_slices < 8 || options->ct_slices > 2048 ||
      options->us_frames < 1 || options->us_frames > 1000)
    {
      g_set_error (error, STM_DEMO_ERROR, STM_DEMO_ERROR_INVALID_OPTIONS,
                   _("The demo study size is out of range (%u x %u pixels, %u slices, "
                     "%u ultrasound frames)"), options->ct_size, options->ct_size,
                   options->ct_slices, options->us_frames);
      return FALSE;
    }
  return TRUE;
}

const StmDemoOptions *
options_or_defaults (const StmDemoOptions *options, StmDemoOptions *defaults)
{
  if (options != nullptr)
    return options;
  stm_demo_options_init (defaults);
  return defaults;
}

/* The lesion's voxel count: the writer's own predicate on the writer's own
 * grid. 0 for options the writer refuses. */
guint64
lesion_truth (const StmDemoOptions *options, double *voxel_mm3)
{
  StmDemoOptions defaults;
  guint64 count = 0;

  *voxel_mm3 = 0;
  options = options_or_defaults (options, &defaults);
  if (!options_valid (options, NULL))
    return 0;

  try
    {
      CtGeometry g = ct_geometry (options);

      for (guint k = 0; k < g.slices; k++)
        {
          if (!slice_may_hold_lesion (g.z[k]))
            continue;
          for (guint j = 0; j < g.size; j++)
            for (guint i = 0; i < g.size; i++)
              count += lesion_contains (g.axis[i], g.axis[j], g.z[k]) ? 1 : 0;
        }
      *voxel_mm3 = g.spacing * g.spacing * g.thickness;
    }
  catch (...)
    {
      g_critical ("Could not count the demo lesion's voxels");
      return 0;
    }
  return count;
}

} /* namespace */

void
stm_demo_options_init (StmDemoOptions *options)
{
  g_return_if_fail (options != NULL);

  options->ct_slices = 300;
  options->ct_size = 512;
  options->us_frames = 40;
}

gboolean
stm_demo_study_write (const char           *dir,
                      const StmDemoOptions *options,
                      GCancellable         *cancellable,
                      GError              **error)
{
  StmDemoOptions defaults;
  std::string reason;

  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  options = options_or_defaults (options, &defaults);
  if (!options_valid (options, error))
    return FALSE;

  try
    {
      Uids uids = make_uids (options);
      std::string ct = std::string (dir) + G_DIR_SEPARATOR_S "ct";
      std::string us = std::string (dir) + G_DIR_SEPARATOR_S "us";

      make_folder (ct);
      make_folder (us);
      return write_ct_series (ct, options, uids, cancellable, error) &&
             write_us_cine (us + G_DIR_SEPARATOR_S "US0001.dcm", uids, options->us_frames,
                            cancellable, error);
    }
  catch (const std::bad_alloc &)
    {
      reason = "not enough memory";
    }
  catch (const std::exception &e)
    {
      reason = e.what ();
    }
  catch (...)
    {
      reason = "an unexpected internal error";
    }

  g_set_error (error, STM_DEMO_ERROR, STM_DEMO_ERROR_WRITE,
               _("Could not write the demo study to %s: %s"), dir, reason.c_str ());
  return FALSE;
}

guint64
stm_demo_lesion_voxels (const StmDemoOptions *options)
{
  double voxel_mm3;

  return lesion_truth (options, &voxel_mm3);
}

double
stm_demo_lesion_volume_mm3 (const StmDemoOptions *options)
{
  double voxel_mm3;
  guint64 voxels = lesion_truth (options, &voxel_mm3);

  return (double) voxels * voxel_mm3;
}

double
stm_demo_lesion_hu (void)
{
  return LESION_HU;
}

void
stm_demo_lesion_ellipsoid (double centre[3],
                           double semi_axes[3])
{
  centre[0] = LESION_X;
  centre[1] = LESION_Y;
  centre[2] = LESION_Z;
  semi_axes[0] = LESION_A;
  semi_axes[1] = LESION_B;
  semi_axes[2] = LESION_C;
}
