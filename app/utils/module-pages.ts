const UUID_PART = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MODULE_PAGES = [
  new RegExp(`^/cohorts/${UUID_PART}/modules/${UUID_PART}/?$`, 'i'),
  new RegExp(`^/authoring/programs/${UUID_PART}/modules/${UUID_PART}/preview/?$`, 'i'),
];

/**
 * The pages that show a module's body, where its videos may play. The browser keeps the policy
 * of the document it loaded first, so every link into one of these pages loads the document.
 */
export function isModulePage(path: string) {
  const pathname = path.split(/[?#]/, 1)[0] ?? '';
  return MODULE_PAGES.some((page) => page.test(pathname));
}
