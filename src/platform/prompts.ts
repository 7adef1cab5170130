/** Every question the tool asks goes through this, so tests can answer them. */
export interface Prompter {
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  input(message: string, defaultValue?: string): Promise<string>;
}

export function inquirerPrompter(): Prompter {
  return {
    async confirm(message, defaultValue) {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: defaultValue });
    },
    async input(message, defaultValue) {
      const { input } = await import('@inquirer/prompts');
      return input({ message, default: defaultValue });
    },
  };
}

