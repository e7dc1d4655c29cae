// One page of each kind of the demo handbook, relative to the site's base,
// in the order the tests visit them.
export const PAGE_KINDS = [
  ["home", ""],
  ["objective", "platform/2026-Q4/reliability.html"],
  ["individual goal", "people/mei-lin-chen/2026-Q4/reconciliation.html"],
  ["team", "teams/platform.html"],
  ["period", "periods/2026-Q4.html"],
  ["cascade", "cascade/2026-Q4.html"],
  ["person", "people/mei-lin-chen.html"],
  ["people", "people.html"],
  ["teams", "teams.html"],
  ["grading", "grading.html"],
  ["health", "health.html"],
  ["guide", "guides/writing-okrs.html"],
  ["404", "no/such/page.html"],
];

/** The HTTP status a page of this kind is served with. */
export function statusOf(kind) {
  return kind === "404" ? 404 : 200;
}
