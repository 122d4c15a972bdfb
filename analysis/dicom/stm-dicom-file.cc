/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening DICOM files and decoding their frames with DCMTK, behind a C API. */
#include "stm-dicom-private.hh"

#include <glib/gi18n.h>

#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"
#include "dcmtk/oflog/oflog.h"

#include <cstring>
#include <glib/gstdio.h>
#include <new>

#include "stm-j2k.h"

G_DEFINE_QUARK (stm-dicom-error-quark, stm_dicom_error)

/* Elements longer than this stay on disk until they are asked for. */
#define STM_DICOM_MAX_READ_LENGTH 4096

void
_stm_dicom_init_once (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      OFLog::configure (OFLogger::FATAL_LOG_LEVEL);
      DJDecoderRegistration::registerCodecs ();
      DJLSDecoderRegistration::registerCodecs ();
      DcmRLEDecoderRegistration::registerCodecs ();
      dcmIgnoreParsingErrors.set (OFFalse);
      g_once_init_leave (&initialised, 1);
    }
}

char *
_stm_dicom_condition_text (const OFCondition &condition)
{
  return g_strdup (condition.text ());
}

void
stm_dicom_header_free (StmDicomHeader *h)
{
  if (h == NULL)
    return;
  char **strings[] = {
    &h->path, &h->sop_class_uid, &h->sop_instance_uid, &h->transfer_syntax_uid,
    &h->transfer_syntax_name, &h->patient_name, &h->patient_id, &h->patient_birth_date,
    &h->patient_sex, &h->study_uid, &h->study_date, &h->study_time, &h->study_description,
    &h->accession_number, &h->series_uid, &h->series_description, &h->modality,
    &h->frame_of_reference_uid, &h->acquisition_date, &h->acquisition_time, &h->photometric,
  };
  for (auto s : strings)
    g_free (*s);
  g_free (h->frames);
  g_free (h->frame_time_vector);
  g_clear_pointer (&h->windows, g_array_unref);
  g_clear_pointer (&h->us_regions, g_array_unref);
  for (auto &lut : h->palette)
    g_free (lut.data);
  g_free (h->modality_lut.data);
  g_free (h->voi_lut.data);
  g_strfreev (h->dicomdir_files);
  g_free (h);
}

gboolean
stm_dicom_file_sniff (const char *path)
{
  guint8 buf[132];
  FILE *f = fopen (path, "rb");

  if (f == NULL)
    return FALSE;
  size_t n = fread (buf, 1, sizeof buf, f);
  fclose (f);

  if (n == sizeof buf && memcmp (buf + 128, "DICM", 4) == 0)
    return TRUE;
  if (n < 8)
    return FALSE;
  /* A raw dataset without preamble starts with a low group, in either byte order. */
  guint group_le = buf[0] | (buf[1] << 8), group_be = (buf[0] << 8) | buf[1];
  for (guint group : { group_le, group_be })
    if (group == 0x0000 || group == 0x0002 || group == 0x0004 || group == 0x0008)
      return TRUE;
  return FALSE;
}

static gboolean
is_j2k_syntax (const char *uid)
{
  static const char *const j2k[] = {
    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92",
    "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
    "1.2.840.10008.1.2.4.203",
  };
  for (auto u : j2k)
    if (g_strcmp0 (uid, u) == 0)
      return TRUE;
  return FALSE;
}

static const char *
describe_syntax (const char *uid)
{
  static const struct { const char *uid, *name; } names[] = {
    { "1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 (lossless)" },
    { "1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 (lossless RPCL)" },
    { "1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000" },
    { "1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression" },
    { "1.2.840.10008.1.2.4.100", "MPEG-2 video" },
    { "1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 video" },
    { "1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible video" },
    { "1.2.840.10008.1.2.4.110", "JPEG XL" },
  };
  for (auto &n : names)
    if (g_strcmp0 (uid, n.uid) == 0)
      return n.name;
  return NULL;
}

gboolean
stm_dicom_frame_size (const StmDicomHeader *h,
                      gsize                *out_size,
                      GError              **error)
{
  gsize plane, samples, bytes;

  if (h->rows == 0 || h->columns == 0)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("The image has no size (Rows %u, Columns %u)."), h->rows, h->columns);
      return FALSE;
    }
  if (h->bits_allocated != 8 && h->bits_allocated != 16 && h->bits_allocated != 32)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED,
                   _("Images with %u bits per sample are not supported."), h->bits_allocated);
      return FALSE;
    }
  if (h->bits_stored == 0 || h->bits_stored > h->bits_allocated ||
      h->high_bit >= h->bits_allocated || h->high_bit + 1 < h->bits_stored)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("The image's bit depth is inconsistent (allocated %u, stored %u, high bit %u)."),
                   h->bits_allocated, h->bits_stored, h->high_bit);
      return FALSE;
    }
  if (h->samples_per_pixel != 1 && h->samples_per_pixel != 3)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED,
                   _("Images with %u samples per pixel are not supported."), h->samples_per_pixel);
      return FALSE;
    }
  if (!g_size_checked_mul (&plane, h->rows, h->columns) ||
      !g_size_checked_mul (&samples, plane, h->samples_per_pixel) ||
      !g_size_checked_mul (&bytes, samples, h->bits_allocated / 8) || bytes > G_MAXUINT32 / 2)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_TOO_LARGE,
                   _("The image is too large (%u x %u pixels)."), h->columns, h->rows);
      return FALSE;
    }
  /* Native YBR_FULL_422 stores two chroma samples per pair of pixels. */
  if (!h->encapsulated && g_strcmp0 (h->photometric, "YBR_FULL_422") == 0)
    bytes = bytes / 3 * 2;
  *out_size = bytes;
  return TRUE;
}

static DcmPixelData *
find_pixel_data (DcmDataset *ds)
{
  DcmElement *element = NULL;

  if (ds->findAndGetElement (DCM_PixelData, element).bad () || element == NULL ||
      element->ident () != EVR_PixelData)
    return NULL;
  return OFstatic_cast (DcmPixelData *, element);
}

static DcmPixelSequence *
find_fragments (DcmDataset *ds, DcmPixelData *pixels)
{
  DcmPixelSequence *seq = NULL;

  if (pixels->getEncapsulatedRepresentation (ds->getOriginalXfer (), NULL, seq).bad ())
    return NULL;
  return seq;
}

gboolean
_stm_dicom_check_pixel_data (DcmFileFormat  *format,
                             StmDicomHeader *h,
                             GError        **error)
{
  DcmDataset *ds = format->getDataset ();
  DcmPixelData *pixels = find_pixel_data (ds);
  gsize frame_size;

  /* Bit-packed objects (segmentations) are not images to view. */
  if (pixels == NULL || h->bits_allocated == 1)
    return TRUE;
  h->has_pixel_data = TRUE;
  h->encapsulated = DcmXfer (ds->getOriginalXfer ()).isEncapsulated () ||
                    (pixels->getLengthField () == DCM_UndefinedLength);
  if (!stm_dicom_frame_size (h, &frame_size, error))
    return FALSE;

  if (!h->encapsulated)
    {
      h->pixel_data_length = pixels->getLengthField ();
      if (h->pixel_data_length < frame_size)
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                       _("The pixel data is shorter than the image it declares "
                         "(%llu bytes for %u x %u pixels)."),
                       (unsigned long long) h->pixel_data_length, h->columns, h->rows);
          return FALSE;
        }
      h->n_frames = MIN (h->declared_frames, h->pixel_data_length / frame_size);
    }
  else
    {
      DcmPixelSequence *seq = find_fragments (ds, pixels);
      unsigned long fragments = seq != NULL && seq->card () > 0 ? seq->card () - 1 : 0;
      /* A frame needs at least one fragment: never trust NumberOfFrames beyond that. */
      h->n_frames = (guint) MIN ((unsigned long) h->declared_frames, fragments);
      if (seq == NULL && describe_syntax (h->transfer_syntax_uid) != NULL)
        h->n_frames = h->declared_frames;
    }
  _stm_dicom_read_frame_attributes (format, h);
  return TRUE;
}

/* Guards the global leniency switch of DCMTK's parser: strict loads share it,
 * a lenient retry has it to itself. */
static GRWLock parse_mode_lock;

static OFCondition
load_with_mode (const char *path, DcmFileFormat *format, gboolean lenient)
{
  OFCondition status;

  if (lenient)
    {
      g_rw_lock_writer_lock (&parse_mode_lock);
      dcmIgnoreParsingErrors.set (OFTrue);
    }
  else
    g_rw_lock_reader_lock (&parse_mode_lock);
  status = format->loadFile (OFFilename (path), EXS_Unknown, EGL_noChange,
                             STM_DICOM_MAX_READ_LENGTH, ERM_autoDetect);
  if (lenient)
    {
      dcmIgnoreParsingErrors.set (OFFalse);
      g_rw_lock_writer_unlock (&parse_mode_lock);
    }
  else
    g_rw_lock_reader_unlock (&parse_mode_lock);
  return status;
}

/*
 * Values longer than the file itself cannot be real; DCMTK would allocate
 * (and for numbers, scan) whatever length a damaged file claims as soon as
 * the value is read, so such files are refused before any value is.
 */
static gboolean
lengths_fit (DcmFileFormat *format, guint64 file_size)
{
  DcmStack stack;

  /* A deflated data set inflates at most about 1032:1. */
  if (format->getDataset ()->getOriginalXfer () == EXS_DeflatedLittleEndianExplicit)
    file_size *= 1032;

  while (format->nextObject (stack, OFTrue).good ())
    {
      Uint32 length = stack.top ()->getLengthField ();
      if (length != DCM_UndefinedLength && length > file_size)
        return FALSE;
    }
  return TRUE;
}

/*
 * Strict parsing first. Real files with a wrong item delimiter or without
 * File Meta only parse leniently, so those get a second, lenient read; the
 * element lengths are then checked against the file, and pixel data against
 * the image it declares, so leniency cannot produce a wrong image.
 */
static OFCondition
load_checked (const char *path, DcmFileFormat **out)
{
  GStatBuf st;
  DcmFileFormat *format = new DcmFileFormat ();
  OFCondition status = load_with_mode (path, format, FALSE);

  if (status.bad ())
    {
      delete format;
      format = new DcmFileFormat ();
      status = load_with_mode (path, format, TRUE);
    }
  if (status.good () && format->getDataset ()->card () == 0)
    status = makeOFCondition (0, 1, OF_error, N_("it holds no data set"));
  if (status.good () && (g_stat (path, &st) != 0 || !lengths_fit (format, st.st_size)))
    status = makeOFCondition (0, 2, OF_error, N_("an element is longer than the whole file"));
  if (status.bad ())
    {
      delete format;
      return status;
    }
  *out = format;
  return status;
}

StmDicomFile *
stm_dicom_file_open (const char *path,
                     GError    **error)
{
  try
    {
      _stm_dicom_init_once ();
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_IO,
                       _("%s does not exist or is not a file."), path);
          return NULL;
        }

      DcmFileFormat *format = NULL;
      OFCondition status = load_checked (path, &format);
      if (status.bad ())
        {
          gboolean sniffed = stm_dicom_file_sniff (path);
          g_set_error (error, STM_DICOM_ERROR,
                       sniffed ? STM_DICOM_ERROR_MALFORMED : STM_DICOM_ERROR_NOT_DICOM,
                       sniffed ? _("This DICOM file is damaged and cannot be read (%s).")
                               : _("This file is not a DICOM file (%s)."),
                       /* Our own reasons are translated; DCMTK's stay as it words them. */
                       _(status.text ()));
          return NULL;
        }

      StmDicomHeader *header = g_new0 (StmDicomHeader, 1);
      header->path = g_strdup (path);
      _stm_dicom_read_header (format, header);
      if (!_stm_dicom_check_pixel_data (format, header, error))
        {
          stm_dicom_header_free (header);
          delete format;
          return NULL;
        }

      StmDicomFile *file = g_new0 (StmDicomFile, 1);
      file->format = format;
      file->header = header;
      file->last_frame = G_MAXUINT;
      return file;
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_TOO_LARGE,
                   _("There is not enough memory to read %s."), path);
    }
  catch (...)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("This DICOM file is damaged and cannot be read."));
    }
  return NULL;
}

void
stm_dicom_file_free (StmDicomFile *file)
{
  if (file == NULL)
    return;
  delete file->format;
  stm_dicom_header_free (file->header);
  g_free (file);
}

const StmDicomHeader *
stm_dicom_file_get_header (StmDicomFile *file)
{
  return file->header;
}

StmDicomHeader *
stm_dicom_file_steal_header (StmDicomFile *file)
{
  return g_steal_pointer (&file->header);
}

/* The bytes of one JPEG 2000 frame: its fragments, concatenated. */
static GByteArray *
collect_j2k_frame (DcmPixelSequence *seq, const StmDicomHeader *h, guint frame, GError **error)
{
  unsigned long fragments = seq->card () - 1;
  unsigned long first = frame + 1, last = frame + 1;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  if (h->n_frames == 1)
    last = fragments;
  else if (fragments != h->n_frames)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED,
                   _("This multi-frame JPEG 2000 image splits frames over several fragments, "
                     "which Stratum cannot read yet."));
      return NULL;
    }

  for (unsigned long i = first; i <= last; i++)
    {
      DcmPixelItem *item = NULL;
      Uint8 *data = NULL;
      if (seq->getItem (item, i).bad () || item->getUint8Array (data).bad ())
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                       _("The compressed pixel data is damaged (fragment %lu cannot be read)."), i);
          return NULL;
        }
      if (data != NULL)
        g_byte_array_append (bytes, data, item->getLength ());
    }
  return g_steal_pointer (&bytes);
}

static gboolean
decode_j2k (StmDicomFile *file, DcmPixelData *pixels, guint frame,
            guint8 *buffer, gsize frame_size, char **out_photometric, GError **error)
{
  const StmDicomHeader *h = file->header;
  DcmPixelSequence *seq = find_fragments (file->format->getDataset (), pixels);

  if (seq == NULL || seq->card () < 2)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("The compressed pixel data holds no frames."));
      return FALSE;
    }
  g_autoptr(GByteArray) bytes = collect_j2k_frame (seq, h, frame, error);
  if (bytes == NULL)
    return FALSE;
  if (!stm_j2k_decode (bytes->data, bytes->len, h->columns, h->rows, h->samples_per_pixel,
                       h->bits_allocated, buffer, frame_size, error))
    return FALSE;
  /* OpenJPEG undoes the reversible/irreversible colour transform itself. */
  gboolean ybr = g_str_has_prefix (h->photometric ? h->photometric : "", "YBR_RCT") ||
                 g_str_has_prefix (h->photometric ? h->photometric : "", "YBR_ICT");
  *out_photometric = g_strdup (ybr ? "RGB" : h->photometric);
  return TRUE;
}

static gboolean
fragments_per_frame_vary (DcmDataset *ds, DcmPixelData *pixels, const StmDicomHeader *h)
{
  DcmPixelSequence *seq = find_fragments (ds, pixels);

  return seq != NULL && seq->card () != (unsigned long) h->n_frames + 1;
}

static gboolean
decode_with_dcmtk (StmDicomFile *file, DcmPixelData *pixels, guint frame, guint8 *buffer,
                   gsize buffer_size, gsize frame_size, char **out_photometric,
                   guint *out_planar, GError **error)
{
  DcmDataset *ds = file->format->getDataset ();
  const StmDicomHeader *h = file->header;
  OFString colour_model;
  OFCondition status;

  if (!h->encapsulated)
    {
      status = pixels->getPartialValue (buffer, (Uint32) (frame * frame_size),
                                        (Uint32) frame_size);
      colour_model = h->photometric ? h->photometric : "";
    }
  else
    {
      Uint32 start = frame == file->last_frame + 1 ? file->next_fragment : 0;
      /* DCMTK 3.6.7's per-frame decoders misread a frame split over several
       * fragments; decompressing the whole pixel data reads them right. */
      if (!file->decompressed && fragments_per_frame_vary (ds, pixels, h))
        {
          status = ds->chooseRepresentation (EXS_LittleEndianExplicit, NULL);
          file->decompressed = status.good ();
        }
      if (status.good ())
        status = pixels->getUncompressedFrame (ds, frame, start, buffer, (Uint32) buffer_size,
                                               colour_model);
      if (status.good ())
        {
          file->last_frame = frame;
          file->next_fragment = start;
        }
    }
  if (status.bad ())
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("Frame %u of this image cannot be decoded (%s)."), frame + 1, status.text ());
      return FALSE;
    }
  Uint16 planar = h->planar_configuration;
  ds->findAndGetUint16 (DCM_PlanarConfiguration, planar);
  *out_planar = planar;
  *out_photometric = g_strstrip (g_strdup (colour_model.c_str ()));
  return TRUE;
}

gboolean
stm_dicom_file_decode_frame (StmDicomFile *file,
                             guint         frame,
                             guint8       *buffer,
                             gsize         buffer_size,
                             char        **out_photometric,
                             guint        *out_planar,
                             GError      **error)
{
  const StmDicomHeader *h = file->header;
  gsize frame_size;

  try
    {
      DcmPixelData *pixels = find_pixel_data (file->format->getDataset ());
      if (!h->has_pixel_data || pixels == NULL)
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_NO_IMAGE,
                       _("This file holds no image (it is a %s object)."),
                       h->modality && *h->modality ? h->modality : _("non-image"));
          return FALSE;
        }
      if (!stm_dicom_frame_size (h, &frame_size, error))
        return FALSE;
      if (frame >= h->n_frames)
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                       _("Frame %u is not in this image, which holds %u."), frame + 1, h->n_frames);
          return FALSE;
        }
      if (buffer_size < frame_size + (frame_size & 1))
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                       _("Internal error: the frame buffer is too small."));
          return FALSE;
        }
      const char *name = describe_syntax (h->transfer_syntax_uid);
      *out_planar = 0;
      if (h->encapsulated && is_j2k_syntax (h->transfer_syntax_uid))
        return decode_j2k (file, pixels, frame, buffer, frame_size, out_photometric, error);
      if (name != NULL || (h->encapsulated && !file->decompressed &&
                           find_fragments (file->format->getDataset (), pixels) == NULL))
        {
          g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_UNSUPPORTED,
                       _("This image is compressed with %s, which Stratum cannot decode."),
                       name ? name : h->transfer_syntax_name);
          return FALSE;
        }
      return decode_with_dcmtk (file, pixels, frame, buffer, buffer_size, frame_size,
                                out_photometric, out_planar, error);
    }
  catch (const std::bad_alloc &)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_TOO_LARGE,
                   _("There is not enough memory to decode this image."));
    }
  catch (...)
    {
      g_set_error (error, STM_DICOM_ERROR, STM_DICOM_ERROR_MALFORMED,
                   _("This image cannot be decoded."));
    }
  return FALSE;
}
