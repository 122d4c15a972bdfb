/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Copies the attributes Stratum needs from a DCMTK dataset into a plain C struct. */
#include "stm-dicom-private.hh"

#include <cmath>
#include <cstring>

#include "stm-orientation.h"

static char *
get_string (DcmItem *item, const DcmTagKey &tag)
{
  OFString value;

  if (item->findAndGetOFStringArray (tag, value).bad ())
    return NULL;
  return g_strstrip (g_strdup (value.c_str ()));
}

/* Lenient IS/US reading: "1A" reads as 1, as other viewers do. */
static gboolean
get_int (DcmItem *item, const DcmTagKey &tag, long *out)
{
  Sint32 s32;
  Uint16 u16;
  OFString text;

  if (item->findAndGetUint16 (tag, u16).good ())
    {
      *out = u16;
      return TRUE;
    }
  if (item->findAndGetSint32 (tag, s32).good ())
    {
      *out = s32;
      return TRUE;
    }
  if (item->findAndGetOFString (tag, text).good ())
    {
      char *end = NULL;
      gint64 v = g_ascii_strtoll (text.c_str (), &end, 10);
      if (end != text.c_str () && v >= G_MINLONG && v <= G_MAXLONG)
        {
          *out = (long) v;
          return TRUE;
        }
    }
  return FALSE;
}

static guint
get_uint (DcmItem *item, const DcmTagKey &tag, guint fallback)
{
  long v;

  if (!get_int (item, tag, &v) || v < 0 || v > G_MAXUINT)
    return fallback;
  return (guint) v;
}

static gboolean
get_doubles (DcmItem *item, const DcmTagKey &tag, double *out, unsigned long n)
{
  for (unsigned long i = 0; i < n; i++)
    {
      Float64 v;
      Sint32 whole;

      /* DCMTK reads DS and FD/FL as doubles but IS (PixelAspectRatio)
       * only as integers. */
      if (item->findAndGetFloat64 (tag, v, i).bad ())
        {
          if (item->findAndGetSint32 (tag, whole, i).bad ())
            return FALSE;
          v = whole;
        }
      if (!std::isfinite (v))
        return FALSE;
      out[i] = v;
    }
  return TRUE;
}

static void
read_plane (DcmItem *item, StmFrameGeometry *g)
{
  double v[6];
  DcmItem *sub = NULL;

  if (get_doubles (item, DCM_ImagePositionPatient, v, 3))
    {
      memcpy (g->position, v, 3 * sizeof (double));
      g->has_position = TRUE;
    }
  if (get_doubles (item, DCM_ImageOrientationPatient, v, 6))
    {
      memcpy (g->orientation, v, 6 * sizeof (double));
      g->has_orientation = TRUE;
    }
  if (get_doubles (item, DCM_PixelSpacing, v, 2) && v[0] > 0 && v[1] > 0)
    {
      memcpy (g->pixel_spacing, v, 2 * sizeof (double));
      g->has_pixel_spacing = TRUE;
    }
  if (get_doubles (item, DCM_SliceThickness, v, 1))
    g->slice_thickness = v[0];
  if (get_doubles (item, DCM_RescaleSlope, v, 1) && v[0] != 0)
    {
      g->rescale_slope = v[0];
      g->rescale_intercept = 0;
      get_doubles (item, DCM_RescaleIntercept, &g->rescale_intercept, 1);
      g->has_rescale = TRUE;
    }

  /* Functional group macros nest each attribute one sequence deeper. */
  if (item->findAndGetSequenceItem (DCM_PlanePositionSequence, sub, 0).good ())
    read_plane (sub, g);
  if (item->findAndGetSequenceItem (DCM_PlaneOrientationSequence, sub, 0).good ())
    read_plane (sub, g);
  if (item->findAndGetSequenceItem (DCM_PixelMeasuresSequence, sub, 0).good ())
    read_plane (sub, g);
  if (item->findAndGetSequenceItem (DCM_PixelValueTransformationSequence, sub, 0).good ())
    read_plane (sub, g);
}

static void
read_frames (DcmDataset *ds, StmDicomHeader *h)
{
  DcmItem *shared = NULL;
  DcmSequenceOfItems *per_frame = NULL;

  if (ds->findAndGetSequence (DCM_PerFrameFunctionalGroupsSequence, per_frame).bad () ||
      per_frame == NULL || h->n_frames == 0)
    return;

  ds->findAndGetSequenceItem (DCM_SharedFunctionalGroupsSequence, shared, 0);
  h->frames = g_new0 (StmFrameGeometry, h->n_frames);
  for (guint f = 0; f < h->n_frames; f++)
    {
      StmFrameGeometry *g = &h->frames[f];
      *g = h->image;
      if (shared != NULL)
        read_plane (shared, g);
      if (f < per_frame->card ())
        read_plane (per_frame->getItem (f), g);
    }
}

static void
read_windows (DcmItem *ds, StmDicomHeader *h)
{
  h->windows = g_array_new (FALSE, TRUE, sizeof (StmWindowPreset));
  g_array_set_clear_func (h->windows, [] (gpointer p) {
    g_free (((StmWindowPreset *) p)->explanation);
  });

  for (unsigned long i = 0; i < 16; i++)
    {
      Float64 c, w;
      OFString text;
      if (ds->findAndGetFloat64 (DCM_WindowCenter, c, i).bad () ||
          ds->findAndGetFloat64 (DCM_WindowWidth, w, i).bad ())
        break;
      if (!std::isfinite (c) || !std::isfinite (w) || w < 1)
        continue;
      StmWindowPreset preset = { NULL, c, w };
      if (ds->findAndGetOFString (DCM_WindowCenterWidthExplanation, text, i).good ())
        preset.explanation = g_strstrip (g_strdup (text.c_str ()));
      g_array_append_val (h->windows, preset);
    }
}

static void
read_us_regions (DcmItem *ds, StmDicomHeader *h)
{
  DcmSequenceOfItems *seq = NULL;

  h->us_regions = g_array_new (FALSE, TRUE, sizeof (StmUsRegion));
  if (ds->findAndGetSequence (DCM_SequenceOfUltrasoundRegions, seq).bad () || seq == NULL)
    return;

  for (unsigned long i = 0; i < seq->card () && i < 64; i++)
    {
      DcmItem *item = seq->getItem (i);
      StmUsRegion r = {};
      Uint32 u32;
      Sint32 s32;
      Float64 f64;

#define GET_U32(tag, field) if (item->findAndGetUint32 (tag, u32).good ()) r.field = u32
      GET_U32 (DCM_RegionLocationMinX0, min_x0);
      GET_U32 (DCM_RegionLocationMinY0, min_y0);
      GET_U32 (DCM_RegionLocationMaxX1, max_x1);
      GET_U32 (DCM_RegionLocationMaxY1, max_y1);
#undef GET_U32
      r.spatial_format = (int) get_uint (item, DCM_RegionSpatialFormat, 0);
      r.data_type = (int) get_uint (item, DCM_RegionDataType, 0);
      r.units_x = (int) get_uint (item, DCM_PhysicalUnitsXDirection, 0);
      r.units_y = (int) get_uint (item, DCM_PhysicalUnitsYDirection, 0);
      if (item->findAndGetFloat64 (DCM_PhysicalDeltaX, f64).good () && std::isfinite (f64))
        r.delta_x = f64;
      if (item->findAndGetFloat64 (DCM_PhysicalDeltaY, f64).good () && std::isfinite (f64))
        r.delta_y = f64;
      if (item->findAndGetSint32 (DCM_ReferencePixelX0, s32).good ())
        {
          r.reference_x0 = s32;
          r.has_reference = item->findAndGetSint32 (DCM_ReferencePixelY0, s32).good ();
          r.reference_y0 = s32;
        }
      g_array_append_val (h->us_regions, r);
    }
}

/*
 * Segmented palette LUTs (PS3.3 C.7.9.2): discrete, linear and indirect
 * segments. DCMTK's image module refuses them, so they are expanded here.
 */
static guint16 *
expand_segmented (const Uint16 *seg, unsigned long n_words, guint n_entries)
{
  g_autofree guint16 *out = g_new0 (guint16, n_entries);
  gsize n = 0;
  unsigned long i = 0;

  while (i + 1 < n_words && n < n_entries)
    {
      guint op = seg[i], len = seg[i + 1];
      if (op == 0)
        {
          for (guint k = 0; k < len && i + 2 + k < n_words && n < n_entries; k++)
            out[n++] = seg[i + 2 + k];
          i += 2 + len;
        }
      else if (op == 1 && i + 2 < n_words)
        {
          double y0 = n > 0 ? out[n - 1] : seg[i + 2], y1 = seg[i + 2];
          for (guint k = 1; k <= len && n < n_entries; k++)
            out[n++] = (guint16) lround (y0 + (y1 - y0) * k / (double) len);
          i += 3;
        }
      else if (op == 2 && i + 3 < n_words)
        {
          /* An indirect segment replays earlier segments: expand them once more. */
          unsigned long offset = seg[i + 2] | ((unsigned long) seg[i + 3] << 16);
          if (offset >= i)
            break;
          g_autofree guint16 *sub = expand_segmented (seg + offset, i - offset, n_entries - n);
          for (guint k = 0; k < len && n < n_entries; k++)
            out[n++] = sub[k < n_entries ? k : 0];
          i += 4;
        }
      else
        break;
    }
  return g_steal_pointer (&out);
}

static void
read_lut (DcmItem *item, const DcmTagKey &desc_tag, const DcmTagKey &data_tag,
          const DcmTagKey *segmented_tag, StmLut *lut)
{
  long d[3];
  const Uint16 *words = NULL;
  unsigned long n_words = 0;

  for (unsigned long i = 0; i < 3; i++)
    {
      Uint16 u;
      Sint16 s;
      if (item->findAndGetUint16 (desc_tag, u, i).good ())
        d[i] = u;
      else if (item->findAndGetSint16 (desc_tag, s, i).good ())
        d[i] = s;
      else
        return;
    }

  guint n_entries = d[0] == 0 ? 65536 : (guint) (d[0] & 0xffff);
  guint bits = (guint) d[2];
  if (bits != 8 && bits != 16)
    bits = 16;

  if (item->findAndGetUint16Array (data_tag, words, &n_words).good () && n_words > 0)
    {
      lut->data = g_new0 (guint16, n_entries);
      if (bits == 8 && n_words * 2 >= n_entries && n_words < n_entries)
        for (guint k = 0; k < n_entries; k++)      /* two 8-bit entries per word */
          lut->data[k] = (words[k / 2] >> (8 * (k % 2))) & 0xff;
      else
        for (guint k = 0; k < n_entries && k < n_words; k++)
          lut->data[k] = bits == 8 ? (words[k] & 0xff) : words[k];
    }
  else if (segmented_tag != NULL &&
           item->findAndGetUint16Array (*segmented_tag, words, &n_words).good ())
    lut->data = expand_segmented (words, n_words, n_entries);
  else
    return;

  lut->n_entries = n_entries;
  lut->first_mapped = (gint32) d[1];
  lut->bits = bits;
}

static void
read_luts (DcmDataset *ds, StmDicomHeader *h)
{
  static const DcmTagKey seg_r (0x0028, 0x1221), seg_g (0x0028, 0x1222), seg_b (0x0028, 0x1223);
  DcmItem *item = NULL;

  if (g_strcmp0 (h->photometric, "PALETTE COLOR") == 0)
    {
      read_lut (ds, DCM_RedPaletteColorLookupTableDescriptor,
                DCM_RedPaletteColorLookupTableData, &seg_r, &h->palette[0]);
      read_lut (ds, DCM_GreenPaletteColorLookupTableDescriptor,
                DCM_GreenPaletteColorLookupTableData, &seg_g, &h->palette[1]);
      read_lut (ds, DCM_BluePaletteColorLookupTableDescriptor,
                DCM_BluePaletteColorLookupTableData, &seg_b, &h->palette[2]);
    }
  if (ds->findAndGetSequenceItem (DCM_ModalityLUTSequence, item, 0).good ())
    read_lut (item, DCM_LUTDescriptor, DCM_LUTData, NULL, &h->modality_lut);
  if (ds->findAndGetSequenceItem (DCM_VOILUTSequence, item, 0).good ())
    read_lut (item, DCM_LUTDescriptor, DCM_LUTData, NULL, &h->voi_lut);
}

static void
read_dicomdir (DcmDataset *ds, StmDicomHeader *h)
{
  DcmSequenceOfItems *records = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  if (ds->findAndGetSequence (DCM_DirectoryRecordSequence, records).bad () || records == NULL)
    return;

  for (unsigned long i = 0; i < records->card (); i++)
    {
      g_autofree char *id = get_string (records->getItem (i), DCM_ReferencedFileID);
      if (id == NULL || *id == '\0')
        continue;
      g_strdelimit (id, "\\", '/');
      g_ptr_array_add (files, g_steal_pointer (&id));
    }
  g_ptr_array_add (files, NULL);
  h->dicomdir_files = (char **) g_ptr_array_free (g_steal_pointer (&files), FALSE);
}

/* Patient Orientation (0020,0020), which images without direction cosines
 * (mammograms, secondary captures) give instead: both values or none. */
static void
read_patient_orientation (DcmDataset *ds, StmDicomHeader *h)
{
  for (unsigned long i = 0; i < 2; i++)
    {
      OFString value;

      if (ds->findAndGetOFString (DCM_PatientOrientation, value, i).bad () ||
          !stm_orientation_letters_valid (value.c_str ()))
        {
          memset (h->patient_orientation, 0, sizeof h->patient_orientation);
          return;
        }
      g_strlcpy (h->patient_orientation[i], value.c_str (), STM_ORIENTATION_LETTERS);
    }
}

static void
read_identity (DcmDataset *ds, StmDicomHeader *h)
{
  long v;

  h->sop_class_uid = get_string (ds, DCM_SOPClassUID);
  h->sop_instance_uid = get_string (ds, DCM_SOPInstanceUID);
  h->patient_name = get_string (ds, DCM_PatientName);
  h->patient_id = get_string (ds, DCM_PatientID);
  h->patient_birth_date = get_string (ds, DCM_PatientBirthDate);
  h->patient_sex = get_string (ds, DCM_PatientSex);
  h->study_uid = get_string (ds, DCM_StudyInstanceUID);
  h->study_date = get_string (ds, DCM_StudyDate);
  h->study_time = get_string (ds, DCM_StudyTime);
  h->study_description = get_string (ds, DCM_StudyDescription);
  h->accession_number = get_string (ds, DCM_AccessionNumber);
  h->series_uid = get_string (ds, DCM_SeriesInstanceUID);
  h->series_description = get_string (ds, DCM_SeriesDescription);
  h->series_number = get_int (ds, DCM_SeriesNumber, &v) ? (int) v : 0;
  h->modality = get_string (ds, DCM_Modality);
  h->frame_of_reference_uid = get_string (ds, DCM_FrameOfReferenceUID);
  h->acquisition_date = get_string (ds, DCM_AcquisitionDate);
  h->acquisition_time = get_string (ds, DCM_AcquisitionTime);
  h->instance_number = get_int (ds, DCM_InstanceNumber, &v) ? (int) v : 0;
  read_patient_orientation (ds, h);
}

static void
read_pixel_module (DcmDataset *ds, StmDicomHeader *h)
{
  long v;
  double aspect[2];

  h->rows = get_uint (ds, DCM_Rows, 0);
  h->columns = get_uint (ds, DCM_Columns, 0);
  h->samples_per_pixel = get_uint (ds, DCM_SamplesPerPixel, 1);
  h->bits_allocated = get_uint (ds, DCM_BitsAllocated, 0);
  h->bits_stored = get_uint (ds, DCM_BitsStored, h->bits_allocated);
  h->high_bit = get_uint (ds, DCM_HighBit, h->bits_stored ? h->bits_stored - 1 : 0);
  h->pixel_representation = get_uint (ds, DCM_PixelRepresentation, 0);
  h->planar_configuration = get_uint (ds, DCM_PlanarConfiguration, 0);
  h->photometric = get_string (ds, DCM_PhotometricInterpretation);
  if (h->photometric != NULL)
    g_strstrip (h->photometric);
  h->declared_frames = get_int (ds, DCM_NumberOfFrames, &v) && v > 0 ? (guint) v : 1;
  h->has_padding = get_int (ds, DCM_PixelPaddingValue, &v);
  h->padding_value = (gint32) v;
  if (get_doubles (ds, DCM_PixelAspectRatio, aspect, 2) && aspect[0] > 0 && aspect[1] > 0)
    memcpy (h->pixel_aspect, aspect, sizeof aspect);
  else
    h->pixel_aspect[0] = h->pixel_aspect[1] = 1;
}

static void
read_geometry (DcmDataset *ds, StmDicomHeader *h)
{
  double v[2];

  h->image.rescale_slope = 1;
  read_plane (ds, &h->image);
  /* Projection images (MG, CR) calibrate with Imager Pixel Spacing only. */
  if (!h->image.has_pixel_spacing && get_doubles (ds, DCM_ImagerPixelSpacing, v, 2) &&
      v[0] > 0 && v[1] > 0)
    {
      memcpy (h->image.pixel_spacing, v, sizeof v);
      h->image.has_pixel_spacing = TRUE;
    }
  if (get_doubles (ds, DCM_FrameTime, v, 1) && v[0] > 0)
    h->frame_time_ms = v[0];
}

static void
read_frame_time_vector (DcmDataset *ds, StmDicomHeader *h)
{
  Float64 t;

  if (h->n_frames == 0 || ds->findAndGetFloat64 (DCM_FrameTimeVector, t, h->n_frames - 1).bad ())
    return;
  h->frame_time_vector = g_new0 (double, h->n_frames);
  for (guint f = 0; f < h->n_frames; f++)
    if (ds->findAndGetFloat64 (DCM_FrameTimeVector, t, f).good () && std::isfinite (t))
      h->frame_time_vector[f] = t;
}

void
_stm_dicom_read_header (DcmFileFormat  *format,
                        StmDicomHeader *h)
{
  DcmDataset *ds = format->getDataset ();
  DcmXfer xfer (ds->getOriginalXfer ());
  OFString meta_ts;

  if (format->getMetaInfo ()->findAndGetOFString (DCM_TransferSyntaxUID, meta_ts).good () &&
      !meta_ts.empty ())
    h->transfer_syntax_uid = g_strstrip (g_strdup (meta_ts.c_str ()));
  else
    h->transfer_syntax_uid = g_strdup (xfer.getXferID ());
  h->transfer_syntax_name = g_strdup (xfer.getXfer () != EXS_Unknown
                                      ? xfer.getXferName () : h->transfer_syntax_uid);

  read_identity (ds, h);
  if (h->sop_class_uid == NULL)
    h->sop_class_uid = get_string (format->getMetaInfo (), DCM_MediaStorageSOPClassUID);
  read_pixel_module (ds, h);
  read_geometry (ds, h);
  read_windows (ds, h);
  read_us_regions (ds, h);
  read_luts (ds, h);
  read_dicomdir (ds, h);
}

/* Called once the frame count is known (it depends on the pixel data). */
void
_stm_dicom_read_frame_attributes (DcmFileFormat  *format,
                                  StmDicomHeader *h)
{
  read_frames (format->getDataset (), h);
  read_frame_time_vector (format->getDataset (), h);
}
