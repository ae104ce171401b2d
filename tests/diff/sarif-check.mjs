// Validates SARIF files against the SARIF 2.1.0 schema (the final, rtm.5,
// as @microsoft/jest-sarif ships it), with ajv as that package does.
// usage: node sarif-check.mjs FILE...   (exit 1 and the errors on failure)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const Ajv = require("ajv");
const schema = require("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const draft4 = require("ajv/lib/refs/json-schema-draft-04.json");

const ajv = new Ajv({ schemaId: "auto", allErrors: true });
ajv.addMetaSchema(draft4);
const validate = ajv.compile(schema);

let failed = false;
for (const file of process.argv.slice(2)) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  if (doc.version !== "2.1.0" || !Array.isArray(doc.runs)) {
    console.log(`${file}: not a SARIF 2.1.0 log`);
    failed = true;
  } else if (!validate(doc)) {
    console.log(`${file}: ${ajv.errorsText(validate.errors, { separator: "\n  " })}`);
    failed = true;
  } else {
    console.log(`${file}: valid SARIF 2.1.0 (${doc.runs[0].results.length} results)`);
  }
}
process.exit(failed ? 1 : 0);
