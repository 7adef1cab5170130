/** Where a scenario builds and what it tells: one folder, claimed before the first file is written. */
export interface DemoSite {
  base: string;
  /** Writes the simulated service manager's state file and returns its path. */
  services(running: readonly string[]): Promise<string>;
  say(text: string): void;
}
