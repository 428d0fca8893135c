// Writes the page's API types (src/api/schema.gen.ts) from an OpenAPI
// document: node scripts/api-types.mjs DOCUMENT.json OUTPUT.ts
// (scripts/api-types at the repository's root runs it on the served document).
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import ts from 'typescript';

const [document, output] = process.argv.slice(2);
if (!document || !output) {
  console.error('usage: node scripts/api-types.mjs DOCUMENT.json OUTPUT.ts');
  process.exit(2);
}

const ANY_JSON = '#/components/schemas/JsonValue';

const ast = await openapiTS(pathToFileURL(document), {
  // JsonValue is any JSON value (a union holding arrays of itself), which
  // openapi-typescript writes as a type TypeScript refuses (TS2502,
  // openapi-ts/openapi-typescript#1603): the page takes it as `unknown`.
  transform(_schema, options) {
    if (options.path === ANY_JSON) return ts.factory.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
    return undefined;
  },
});
writeFileSync(output, COMMENT_HEADER + astToString(ast));
