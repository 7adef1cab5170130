/** Every question the tool asks goes through this, so tests can answer them. */
export interface Prompter {
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  input(message: string, defaultValue?: string): Promise<string>;
}

/**
 * Questions are drawn on stderr, the terminal the admin watches: stdout may be a pipe or a file that
 * carries the one JSON document of --json, and a question there would corrupt it and seem to hang.
 */
export function inquirerPrompter(output: NodeJS.WritableStream = process.stderr): Prompter {
  return {
    async confirm(message, defaultValue) {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: defaultValue }, { output });
    },
    async input(message, defaultValue) {
      const { input } = await import('@inquirer/prompts');
      return input({ message, default: defaultValue }, { output });
    },
  };
}
