import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

export const SCHEMA_DIR = join(import.meta.dirname, '..', '..', 'schema');

/** One schema file as read: its name is the part before `.schema.json`. */
export interface SchemaFile {
  name: string;
  schema: { $id: string; properties?: Record<string, unknown> } & Record<string, unknown>;
}

export async function schemaFiles(): Promise<SchemaFile[]> {
  const names = (await readdir(SCHEMA_DIR)).filter((n) => n.endsWith('.schema.json')).sort();
  return Promise.all(
    names.map(async (n) => ({
      name: n.slice(0, -'.schema.json'.length),
      schema: JSON.parse(await readFile(join(SCHEMA_DIR, n), 'utf8')) as SchemaFile['schema'],
    })),
  );
}

/** Every schema in schema/, compiled by ajv (its default strict checks of the schemas); `errors` is null when the document is valid. */
export async function jsonValidator() {
  const files = await schemaFiles();
  const ajv = new Ajv2020({ allErrors: true });
  for (const { schema } of files) ajv.addSchema(schema);
  return (name: string, doc: unknown) => {
    const id = files.find((f) => f.name === name)?.schema.$id;
    if (!id) throw new Error(`no schema/${name}.schema.json`);
    const validate = ajv.getSchema(id);
    if (!validate) throw new Error(`ajv did not compile ${id}`);
    return validate(doc) ? null : ajv.errorsText(validate.errors);
  };
}
