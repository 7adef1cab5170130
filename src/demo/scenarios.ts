/** The simulated systems `demo --scenario` builds; the first is the default. */
export const DEMO_SCENARIOS = ['server-2003', 'windows-10'] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];
