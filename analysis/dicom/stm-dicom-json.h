/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "stm-dicom-collection.h"

G_BEGIN_DECLS

/* Patients, studies and series with geometry, syntaxes, regions and warnings. */
JsonNode *stm_dicom_collection_to_json (StmDicomCollection *collection);

G_END_DECLS
