/** The article's KB*.cat, Q*.* and TMP*.cat, matched on the long name, case-insensitively as cmd.exe does. */
const HOTFIX_CATALOG = [/^KB.*\.cat$/i, /^Q/i, /^TMP.*\.cat$/i];

/** A catalog the 0xfffffbfe fix moves aside: what the diagnosis counts and the catalog-overflow playbook moves. */
export function isHotfixCatalog(name: string): boolean {
  return HOTFIX_CATALOG.some((pattern) => pattern.test(name));
}
