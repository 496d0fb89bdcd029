import { describe, expect, it } from "vitest";
import { LICENCES, findLicence, licenceError } from "~/domain/licences";

describe("the licence list", () => {
  it("holds the common OSI-approved licences and the common ones the OSI does not approve", () => {
    const osi = LICENCES.filter((licence) => licence.osiApproved).map((licence) => licence.id);
    expect(osi.length).toBeGreaterThanOrEqual(40);
    expect(osi).toEqual(
      expect.arrayContaining([
        "MIT",
        "Apache-2.0",
        "GPL-2.0-only",
        "GPL-2.0-or-later",
        "GPL-3.0-only",
        "GPL-3.0-or-later",
        "LGPL-2.1-only",
        "LGPL-2.1-or-later",
        "LGPL-3.0-only",
        "LGPL-3.0-or-later",
        "AGPL-3.0-only",
        "AGPL-3.0-or-later",
        "MPL-2.0",
        "BSD-2-Clause",
        "BSD-3-Clause",
        "ISC",
        "EPL-2.0",
        "EUPL-1.2",
        "Unlicense",
        "0BSD",
        "Artistic-2.0",
        "Zlib",
        "BSL-1.0",
        "CDDL-1.0",
        "ECL-2.0",
        "MIT-0",
        "UPL-1.0",
        "MS-PL",
        "PostgreSQL",
        "OSL-3.0",
        "CECILL-2.1",
      ]),
    );
    const notOsi = LICENCES.filter((licence) => !licence.osiApproved).map((licence) => licence.id);
    expect(notOsi.sort()).toEqual(
      [
        "BUSL-1.1",
        "CC-BY-4.0",
        "CC-BY-NC-4.0",
        "CC-BY-SA-4.0",
        "CC0-1.0",
        "Elastic-2.0",
        "OGL-UK-3.0",
        "SSPL-1.0",
      ].sort(),
    );
  });

  it("is sorted by name, with each identifier once", () => {
    const names = LICENCES.map((licence) => licence.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en-GB")));
    const ids = LICENCES.map((licence) => licence.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("uses SPDX full names", () => {
    expect(findLicence("MIT")?.name).toBe("MIT License");
    expect(findLicence("Apache-2.0")?.name).toBe("Apache License 2.0");
    expect(findLicence("OGL-UK-3.0")?.name).toBe("Open Government Licence v3.0");
    expect(findLicence("GPL-3.0-or-later")?.name).toBe("GNU General Public License v3.0 or later");
  });
});

describe("findLicence", () => {
  it("matches the identifier in any case and gives the canonical spelling", () => {
    expect(findLicence("mit")).toEqual({ id: "MIT", name: "MIT License", osiApproved: true });
    expect(findLicence(" APACHE-2.0 ")?.id).toBe("Apache-2.0");
    expect(findLicence("postgresql")?.id).toBe("PostgreSQL");
    expect(findLicence("cc0-1.0")?.id).toBe("CC0-1.0");
  });

  it("finds the successor of an identifier SPDX has replaced, as GitHub still reports them", () => {
    expect(findLicence("GPL-3.0")?.id).toBe("GPL-3.0-only");
    expect(findLicence("gpl-2.0+")?.id).toBe("GPL-2.0-or-later");
    expect(findLicence("AGPL-3.0")?.id).toBe("AGPL-3.0-only");
    expect(findLicence("LGPL-2.1")?.id).toBe("LGPL-2.1-only");
  });

  it("finds nothing for what is not on the list", () => {
    expect(findLicence("")).toBeUndefined();
    expect(findLicence("WTFPL")).toBeUndefined();
    expect(findLicence("MIT License")).toBeUndefined();
    expect(findLicence("toString")).toBeUndefined();
    expect(findLicence("__proto__")).toBeUndefined();
  });
});

describe("licenceError", () => {
  const UNKNOWN = "Choose a licence from the list (an SPDX identifier such as MIT or Apache-2.0)";

  it("leaves an empty choice to the check for completeness", () => {
    expect(licenceError("", { requireOsi: true })).toBeNull();
    expect(licenceError("  ", { requireOsi: false })).toBeNull();
  });

  it("refuses a licence not on the list", () => {
    expect(licenceError("WTFPL", { requireOsi: false })).toBe(UNKNOWN);
    expect(licenceError("Proprietary", { requireOsi: true })).toBe(UNKNOWN);
  });

  it("refuses a licence the OSI does not approve only when the event needs one it does", () => {
    expect(licenceError("CC-BY-4.0", { requireOsi: true })).toBe(
      "Creative Commons Attribution 4.0 International is not approved by the Open Source Initiative. This event needs an OSI-approved open-source licence, such as MIT or Apache-2.0",
    );
    expect(licenceError("ogl-uk-3.0", { requireOsi: true })).toBe(
      "Open Government Licence v3.0 is not approved by the Open Source Initiative. This event needs an OSI-approved open-source licence, such as MIT or Apache-2.0",
    );
    expect(licenceError("CC-BY-4.0", { requireOsi: false })).toBeNull();
    expect(licenceError("SSPL-1.0", { requireOsi: false })).toBeNull();
  });

  it("accepts every OSI-approved licence, in any case", () => {
    for (const licence of LICENCES.filter((each) => each.osiApproved)) {
      expect(licenceError(licence.id, { requireOsi: true })).toBeNull();
      expect(licenceError(licence.id.toLowerCase(), { requireOsi: true })).toBeNull();
    }
  });
});
