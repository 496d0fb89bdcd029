// The licences an entry's code may be released under, by SPDX identifier, and which of them the
// Open Source Initiative approves.

export interface Licence {
  /** The SPDX identifier, as it appears in a LICENSE file's header or a package manifest. */
  id: string;
  /** The SPDX full name. */
  name: string;
  osiApproved: boolean;
}

const OSI_APPROVED: readonly (readonly [string, string])[] = [
  ["0BSD", "BSD Zero Clause License"],
  ["AFL-3.0", "Academic Free License v3.0"],
  ["AGPL-3.0-only", "GNU Affero General Public License v3.0 only"],
  ["AGPL-3.0-or-later", "GNU Affero General Public License v3.0 or later"],
  ["Apache-2.0", "Apache License 2.0"],
  ["APSL-2.0", "Apple Public Source License 2.0"],
  ["Artistic-2.0", "Artistic License 2.0"],
  ["BSD-1-Clause", "BSD 1-Clause License"],
  ["BSD-2-Clause", 'BSD 2-Clause "Simplified" License'],
  ["BSD-2-Clause-Patent", "BSD-2-Clause Plus Patent License"],
  ["BSD-3-Clause", 'BSD 3-Clause "New" or "Revised" License'],
  ["BSL-1.0", "Boost Software License 1.0"],
  ["CAL-1.0", "Cryptographic Autonomy License 1.0"],
  ["CDDL-1.0", "Common Development and Distribution License 1.0"],
  ["CECILL-2.1", "CeCILL Free Software License Agreement v2.1"],
  ["CPAL-1.0", "Common Public Attribution License 1.0"],
  ["ECL-2.0", "Educational Community License v2.0"],
  ["EFL-2.0", "Eiffel Forum License v2.0"],
  ["EPL-1.0", "Eclipse Public License 1.0"],
  ["EPL-2.0", "Eclipse Public License 2.0"],
  ["EUPL-1.1", "European Union Public License 1.1"],
  ["EUPL-1.2", "European Union Public License 1.2"],
  ["GPL-2.0-only", "GNU General Public License v2.0 only"],
  ["GPL-2.0-or-later", "GNU General Public License v2.0 or later"],
  ["GPL-3.0-only", "GNU General Public License v3.0 only"],
  ["GPL-3.0-or-later", "GNU General Public License v3.0 or later"],
  ["ISC", "ISC License"],
  ["LGPL-2.0-only", "GNU Library General Public License v2 only"],
  ["LGPL-2.1-only", "GNU Lesser General Public License v2.1 only"],
  ["LGPL-2.1-or-later", "GNU Lesser General Public License v2.1 or later"],
  ["LGPL-3.0-only", "GNU Lesser General Public License v3.0 only"],
  ["LGPL-3.0-or-later", "GNU Lesser General Public License v3.0 or later"],
  ["LPPL-1.3c", "LaTeX Project Public License v1.3c"],
  ["MIT", "MIT License"],
  ["MIT-0", "MIT No Attribution"],
  ["MPL-1.1", "Mozilla Public License 1.1"],
  ["MPL-2.0", "Mozilla Public License 2.0"],
  ["MS-PL", "Microsoft Public License"],
  ["MS-RL", "Microsoft Reciprocal License"],
  ["MulanPSL-2.0", "Mulan Permissive Software License, Version 2"],
  ["NCSA", "University of Illinois/NCSA Open Source License"],
  ["OFL-1.1", "SIL Open Font License 1.1"],
  ["OSL-3.0", "Open Software License 3.0"],
  ["PostgreSQL", "PostgreSQL License"],
  ["Python-2.0", "Python License 2.0"],
  ["UPL-1.0", "Universal Permissive License v1.0"],
  ["Unlicense", "The Unlicense"],
  ["Zlib", "zlib License"],
];

// Licences teams reach for that the OSI does not approve: content licences, public-sector ones
// and source-available ones. Listed so that the message can say why they are refused.
const NOT_OSI_APPROVED: readonly (readonly [string, string])[] = [
  ["BUSL-1.1", "Business Source License 1.1"],
  ["CC-BY-4.0", "Creative Commons Attribution 4.0 International"],
  ["CC-BY-NC-4.0", "Creative Commons Attribution Non Commercial 4.0 International"],
  ["CC-BY-SA-4.0", "Creative Commons Attribution Share Alike 4.0 International"],
  ["CC0-1.0", "Creative Commons Zero v1.0 Universal"],
  ["Elastic-2.0", "Elastic License 2.0"],
  ["OGL-UK-3.0", "Open Government Licence v3.0"],
  ["SSPL-1.0", "Server Side Public License, v 1"],
];

export const LICENCES: readonly Licence[] = [
  ...OSI_APPROVED.map(([id, name]) => ({ id, name, osiApproved: true })),
  ...NOT_OSI_APPROVED.map(([id, name]) => ({ id, name, osiApproved: false })),
].sort((a, b) => a.name.localeCompare(b.name, "en-GB") || a.id.localeCompare(b.id, "en-GB"));

// Identifiers that SPDX has since replaced, which GitHub still reports for a repository's licence.
const REPLACED = new Map(
  Object.entries({
    "agpl-3.0": "AGPL-3.0-only",
    "agpl-3.0+": "AGPL-3.0-or-later",
    "gpl-2.0": "GPL-2.0-only",
    "gpl-2.0+": "GPL-2.0-or-later",
    "gpl-3.0": "GPL-3.0-only",
    "gpl-3.0+": "GPL-3.0-or-later",
    "lgpl-2.0": "LGPL-2.0-only",
    "lgpl-2.1": "LGPL-2.1-only",
    "lgpl-2.1+": "LGPL-2.1-or-later",
    "lgpl-3.0": "LGPL-3.0-only",
    "lgpl-3.0+": "LGPL-3.0-or-later",
  }),
);

const BY_ID = new Map(LICENCES.map((licence) => [licence.id.toLowerCase(), licence]));

/** The licence with this SPDX identifier, in any case; an identifier SPDX has replaced finds its successor. */
export function findLicence(id: string): Licence | undefined {
  const key = id.trim().toLowerCase();
  return BY_ID.get(REPLACED.get(key)?.toLowerCase() ?? key);
}

/** Why this licence will not do for the event, or null when it will, or when none is chosen yet. */
export function licenceError(id: string, options: { requireOsi: boolean }): string | null {
  if (id.trim() === "") return null;
  const licence = findLicence(id);
  if (licence === undefined) return "Choose a licence from the list (an SPDX identifier such as MIT or Apache-2.0)";
  if (options.requireOsi && !licence.osiApproved) {
    return `${licence.name} is not approved by the Open Source Initiative. This event needs an OSI-approved open-source licence, such as MIT or Apache-2.0`;
  }
  return null;
}
