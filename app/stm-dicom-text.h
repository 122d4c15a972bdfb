/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DICOM values as a radiologist reads them in titles and headers. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "DOE^JOHN" as "DOE JOHN"; "Anonymous patient" when empty or NULL. */
char *stm_dicom_text_person_name (const char *person_name);
/* "20240115" as "2024-01-15"; anything else as it is ("" for NULL). */
char *stm_dicom_text_date        (const char *date);

G_END_DECLS
