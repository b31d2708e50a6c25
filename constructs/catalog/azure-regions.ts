import { levenshtein } from "./suggest";

/**
 * Azure region programmatic names (the `location` values azurerm takes; it also accepts the display
 * name, "West Europe", and normalizes it). Public cloud: Microsoft's "Azure regions list"
 * (MicrosoftDocs/reliability-docs, articles/reliability/regions-list.md, 2025-09, restricted and
 * coming-soon regions included); US Government and China: the sovereign clouds' region names.
 * A region Azure opens later is not refused, only warned about (see `regionProblem`).
 */
export const AZURE_REGIONS: readonly string[] = Object.freeze([
  "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral",
  "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral",
  "denmarkeast", "eastasia", "eastus", "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral",
  "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest", "koreacentral", "koreasouth",
  "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "norwaywest",
  "polandcentral", "qatarcentral", "southafricanorth", "southafricawest", "southcentralus", "southindia",
  "southeastasia", "spaincentral", "swedencentral", "swedensouth", "switzerlandnorth", "switzerlandwest", "uaecentral",
  "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
  // Azure Government
  "usgovarizona", "usgovtexas", "usgovvirginia", "usdodcentral", "usdodeast",
  // Azure operated by 21Vianet (China)
  "chinaeast", "chinaeast2", "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3",
]);

const KNOWN = new Set(AZURE_REGIONS);

/** "West Europe" and "westeurope" alike: lower case, spaces removed. */
export function regionName(location: string): string {
  return location.toLowerCase().replace(/\s+/g, "");
}

/**
 * Why `location` is not an Azure region, or undefined when it is one. `refuse` is set for values
 * that cannot be a region (not letters, digits and spaces: `west-europe`, `<region>`, a resource
 * id) and for a near miss of a known region (`westeurop`: did you mean westeurope?); a well-formed
 * name this list does not know yet only warns.
 */
export function regionProblem(location: string): { readonly refuse: boolean; readonly message: string } | undefined {
  const name = regionName(location);
  if (KNOWN.has(name)) return undefined;
  if (!/^[a-z][a-z0-9]*$/.test(name)) {
    return { refuse: true, message: `must be an Azure region's name (e.g. "westeurope" or "West Europe"), got ${JSON.stringify(location)}` };
  }
  const near = AZURE_REGIONS.filter((r) => levenshtein(r, name) <= 2);
  if (near.length) return { refuse: true, message: `is not an Azure region, got ${JSON.stringify(location)}; did you mean ${near.map((r) => `"${r}"`).join(" or ")}?` };
  return { refuse: false, message: `${JSON.stringify(location)} is not an Azure region this release knows (${AZURE_REGIONS.length} public, US Government and China regions); if Azure opened it recently, ignore this warning, else fix the location` };
}
