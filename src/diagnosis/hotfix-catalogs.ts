/**
 * The article's KB*.cat, Q*.* and TMP*.cat, matched on the long name, case-insensitively as cmd.exe does;
 * `s` lets `.*` match any character, as `*` does, so a name holding a newline is planned, and refused.
 */
const HOTFIX_CATALOG = [/^KB.*\.cat$/is, /^Q/i, /^TMP.*\.cat$/is];

/** A catalog the 0xfffffbfe fix moves aside: what the diagnosis counts and the catalog-overflow playbook moves. */
export function isHotfixCatalog(name: string): boolean {
  return HOTFIX_CATALOG.some((pattern) => pattern.test(name));
}
