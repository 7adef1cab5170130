const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** A name or path on one line, as it may reach a terminal: every control character as \xNN. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
export const printableName = (text: string): string => text.replace(/[\x00-\x1f\x7f-\x9f]/g, hex);

/**
 * Lines quoted from the volume's logs, as they may reach a terminal: every control character but the
 * newlines between lines and tabs as \xNN. An ESC planted in a log on a mounted volume would otherwise act.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
export const printableLines = (text: string): string => text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, hex);
